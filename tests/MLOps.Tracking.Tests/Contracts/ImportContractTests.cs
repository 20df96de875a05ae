using MLOps.Lineage;
using MLOps.Testing;
using MLOps.Tracking.Tests.Support;

namespace MLOps.Tracking.Tests.Contracts;

/// <summary>Bulk import on every backend: imported runs read and search exactly like logged ones.</summary>
public abstract class ImportContractTests
{
    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task Imported_runs_keep_everything_and_are_searchable()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var start = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var runs = Enumerable.Range(0, 1500).Select(i => new RunImport
        {
            Name = "imported-" + i,
            Status = i == 0 ? RunStatus.Failed : RunStatus.Finished,
            StartTime = start.AddMinutes(i),
            EndTime = start.AddMinutes(i + 1),
            Params = new Dictionary<string, ParamValue> { ["i"] = i, ["kind"] = i % 2 == 0 ? "even" : "odd" },
            Tags = new Dictionary<string, string> { ["source"] = "mlflow" },
            Metrics = new Dictionary<string, IReadOnlyList<MetricPoint>>
            {
                ["loss"] = [new MetricPoint(0, 1.0, start), new MetricPoint(1, i / 1500.0, start), new MetricPoint(2, double.NaN, start)],
            },
            Inputs = i < 10 ? [new DatasetReference("churn", "aaaaaaa")] : [],
        }).ToList();
        var ids = await fixture.Store.Runs.ImportAsync("imported", runs);
        Assert.Equal(1500, ids.Count);
        Assert.Equal(1500, ids.Distinct(StringComparer.Ordinal).Count());

        var first = await fixture.Store.Runs.GetAsync(ids[0]);
        Assert.Equal(RunStatus.Failed, first.Status);
        Assert.Equal(start, first.StartTime);
        Assert.Equal(TimeSpan.FromMinutes(1), first.Duration);
        Assert.Equal(0L, first.Params["i"].Value);
        Assert.Equal("mlflow", first.Tags["source"]);
        Assert.True(double.IsNaN(first.Metrics["loss"].Last));
        Assert.Equal(0, first.Metrics["loss"].Min);
        Assert.Equal(3, (await fixture.Store.Metrics.GetHistoryAsync(ids[0], "loss")).Points.Count);
        Assert.Single(first.Inputs);

        var page = await fixture.Store.Runs.SearchAsync(new RunQuery { Experiments = ["imported"], Filter = "params.kind = 'odd' and metrics.loss.min < 0.01", OrderBy = "params.i DESC" });
        Assert.Equal(["imported-13", "imported-11", "imported-9", "imported-7", "imported-5", "imported-3", "imported-1"], page.Runs.Select(r => r.Name));
        Assert.Equal(10, (await fixture.Store.Lineage.FindRunsUsingDatasetAsync("churn")).Count);
    }

    [SkippableFact]
    public async Task Invalid_imports_name_the_run_and_write_nothing()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var valid = new RunImport { Name = "ok" };
        var cases = new (RunImport Run, string Expected)[]
        {
            (new RunImport { Name = "x\ny" }, "control"),
            (new RunImport { Params = new Dictionary<string, ParamValue> { ["bad key!"] = 1 } }, "param key"),
            (new RunImport { Tags = new Dictionary<string, string> { ["k"] = new string('v', 9000) } }, "tag 'k'"),
            (new RunImport { Metrics = new Dictionary<string, IReadOnlyList<MetricPoint>> { ["loss"] = [] } }, "no points"),
            (new RunImport { Status = (RunStatus)9 }, "status"),
        };
        foreach (var (run, expected) in cases)
        {
            var error = await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Runs.ImportAsync("imported", [valid, run]));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }

        Assert.Empty((await fixture.Store.Runs.SearchAsync(new RunQuery())).Runs);
        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Runs.ImportAsync("imported", [null!]));
    }
}

public sealed class SqliteImportContractTests : ImportContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlImportContractTests : ImportContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
