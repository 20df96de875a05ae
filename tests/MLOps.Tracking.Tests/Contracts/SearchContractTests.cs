using MLOps.Testing;
using MLOps.Tracking.Tests.Support;

namespace MLOps.Tracking.Tests.Contracts;

/// <summary>The filter language, ordering and keyset paging on every backend, over <see cref="SearchDataset"/>.</summary>
public abstract class SearchContractTests
{
    public static TheoryData<string, string> Filters { get; } = new()
    {
        { "metrics.rmse < 0.5", "r1 r3 r6" },
        { "metrics.rmse.min < 0.2", "r5" },
        { "metrics.rmse.max >= 0.6", "r2 r5" },
        { "metrics.rmse.last <= 0.4", "r1 r3" },
        { "metrics.rmse != 0.3", "r2 r3 r6" },
        { "NOT metrics.rmse < 0.5", "r2 r4 r5" },
        { "metrics.rmse IS NULL", "r4" },
        { "metrics.acc IS NOT NULL", "r1 r2 r3 r4 r6" },
        { "metrics.acc > 0", "r1 r2 r4 r6" },
        { "metrics.rmse IN (0.3, 0.6)", "r1 r2" },
        { "metrics.rmse NOT IN (0.3, 0.6)", "r3 r6" },
        { "params.model = 'gbm'", "r1 r2 r6" },
        { "params.model == \"gbm\"", "r1 r2 r6" },
        { "params.model != 'gbm'", "r3 r4 r5" },
        { "params.model <> 'gbm'", "r3 r4 r5" },
        { "params.model IN ('rf', 'linear')", "r3 r4 r5" },
        { "params.model NOT IN ('rf')", "r1 r2 r4 r6" },
        { "params.model > 'l'", "r4 r3 r5" },
        { "params.depth > 6", "r2 r5 r6" },
        { "params.depth = 6", "r1" },
        { "params.depth = '6'", "r1" },
        { "params.depth IN (4, 10, 'x')", "r3 r5" },
        { "params.depth NOT IN (4, '8')", "r1 r5 r6" },
        { "params.`depth` >= 6.5", "r2 r5 r6" },
        { "params.model LIKE 'g%'", "r1 r2 r6" },
        { "params.model LIKE 'G%'", "" },
        { "params.model ILIKE 'G%'", "r1 r2 r6" },
        { "params.model NOT LIKE '%r%'", "r1 r2 r6" },
        { "params.model LIKE '_f'", "r3 r5" },
        { "params.model NOT ILIKE 'RF'", "r1 r2 r4 r6" },
        { "params.missing = 'x'", "" },
        { "NOT params.missing = 'x'", "r1 r2 r3 r4 r5 r6" },
        { "tags.team = 'a'", "r1 r4" },
        { "tags.team IN ('a','b')", "r1 r2 r4 r6" },
        { "tags.stage IS NULL", "r1 r2 r3 r4 r5" },
        { "tags.team != 'a'", "r2 r3 r6" },
        { "attributes.status = 'FINISHED'", "r1 r2 r3 r4" },
        { "status = 'failed'", "r5" },
        { "attributes.status IN ('RUNNING', 'FAILED')", "r5 r6" },
        { "attributes.run_name LIKE 'r_'", "r1 r2 r3 r4 r5 r6" },
        { "run_name IN ('r1', 'r2')", "r1 r2" },
        { "attributes.end_time IS NULL", "r6" },
        { "attributes.end_time IS NOT NULL and attributes.end_time < '2026-01-01T00:02:00Z'", "r1 r2" },
        { "attributes.start_time >= 1767225720000", "r3 r4 r5 r6" },
        { "attributes.start_time >= '2026-01-01T00:02:00Z'", "r3 r4 r5 r6" },
        { "attributes.parent_run_id IS NULL", "r1 r2 r3 r4 r5 r6" },
        { "inputs.dataset = 'churn'", "r1 r2" },
        { "inputs.dataset_commit = 'aaaaaaa'", "r1" },
        { "inputs.reference LIKE 'dataset:%'", "r1 r2 r6" },
        { "inputs.features = 'svc'", "r3" },
        { "inputs.context = 'training'", "r1 r2 r3 r6" },
        { "inputs.dataset IS NULL", "r3 r4 r5" },
        { "metrics.rmse < 0.5 and (params.model = 'gbm' or tags.team IN ('a','b'))", "r1 r6" },
        { "metrics.rmse < 0.5 or metrics.acc > 0.9", "r1 r3 r6" },
        { "NOT (params.model = 'gbm' OR tags.team = 'c')", "r4 r5" },
        { "METRICS.rmse < 0.5 AnD Params.model = 'gbm'", "r1 r6" },
        { "metrics.`rmse` < 5e-1", "r1 r3 r6" },
        { "metrics.rmse < -1e9", "" },
        { "((((metrics.rmse < 0.5))))", "r1 r3 r6" },
        { "not not metrics.rmse < 0.5", "r1 r3 r6" },
        { "params.model = 'x'' OR ''1''=''1'", "" },
        { "tags.team = 'a'' --'", "" },
    };

    public static TheoryData<string, string> Orders { get; } = new()
    {
        { "metrics.rmse", "r1 r3 r6 r2 r4 r5" },
        { "metrics.rmse ASC", "r1 r3 r6 r2 r4 r5" },
        { "metrics.rmse DESC", "r2 r6 r3 r1 r5 r4" },
        { "metrics.rmse.min asc", "r5 r1 r3 r6 r2 r4" },
        { "metrics.rmse.max desc", "r5 r2 r6 r3 r1 r4" },
        { "params.depth", "r3 r1 r6 r2 r5 r4" },
        { "params.model", "r1 r2 r6 r4 r3 r5" },
        { "tags.team DESC", "r3 r6 r2 r4 r1 r5" },
        { "attributes.start_time DESC", "r6 r5 r4 r3 r2 r1" },
        { "attributes.end_time", "r1 r2 r3 r4 r5 r6" },
        { "attributes.end_time DESC", "r5 r4 r3 r2 r1 r6" },
        { "run_name DESC", "r6 r5 r4 r3 r2 r1" },
        { "attributes.status", "r5 r1 r2 r3 r4 r6" },
    };

    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task Every_filter_and_order_matches_the_expected_runs_and_pages_cleanly()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, fakeClock: true);
        var dataset = await SearchDataset.CreateAsync(fixture);
        var failures = new List<string>();
        foreach (var row in Filters)
        {
            var (filter, expected) = ((string)row[0], (string)row[1]);
            var names = await dataset.NamesAsync(fixture.Store, new RunQuery { Filter = filter, OrderBy = "run_name" });
            var want = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
            if (!names.SequenceEqual(want))
            {
                failures.Add($"{filter}: got [{string.Join(' ', names)}], want [{string.Join(' ', want)}]");
            }
        }

        foreach (var row in Orders)
        {
            var (order, expected) = ((string)row[0], (string)row[1]);
            var names = await dataset.NamesAsync(fixture.Store, new RunQuery { OrderBy = order });
            if (string.Join(' ', names) != expected)
            {
                failures.Add($"order {order}: got [{string.Join(' ', names)}], want [{expected}]");
            }

            // Paging two at a time gives the same sequence, each run once.
            var paged = new List<string>();
            string? token = null;
            do
            {
                var byId = dataset.Ids.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
                var page = await fixture.Store.Runs.SearchAsync(new RunQuery { OrderBy = order, MaxResults = 2, PageToken = token });
                paged.AddRange(page.Runs.Select(r => byId[r.Id]));
                token = page.NextPageToken;
            }
            while (token is not null && paged.Count <= 12);
            if (string.Join(' ', paged) != expected)
            {
                failures.Add($"paged order {order}: got [{string.Join(' ', paged)}], want [{expected}]");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [SkippableFact]
    public async Task The_default_order_is_newest_first_and_the_last_page_has_no_token()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, fakeClock: true);
        var dataset = await SearchDataset.CreateAsync(fixture);
        var first = await fixture.Store.Runs.SearchAsync(new RunQuery { MaxResults = 4 });
        Assert.Equal(["r6", "r5", "r4", "r3"], first.Runs.Select(r => dataset.Ids.Single(p => p.Value == r.Id).Key));
        Assert.NotNull(first.NextPageToken);
        var second = await fixture.Store.Runs.SearchAsync(new RunQuery { MaxResults = 4, PageToken = first.NextPageToken });
        Assert.Equal(2, second.Runs.Count);
        Assert.Null(second.NextPageToken);
        var exact = await fixture.Store.Runs.SearchAsync(new RunQuery { MaxResults = 6 });
        Assert.Null(exact.NextPageToken);

        // Loaded runs carry their data.
        var r1 = (await fixture.Store.Runs.SearchAsync(new RunQuery { Filter = "run_name = 'r1'" })).Runs.Single();
        Assert.Equal("gbm", r1.Params["model"].Value);
        Assert.Equal(0.3, r1.Metrics["rmse"].Last);
        Assert.Equal("a", r1.Tags["team"]);
        Assert.Equal("dataset:churn@aaaaaaa", r1.Inputs.Single().Reference.ToString());
        Assert.Equal("training", r1.Inputs.Single().Context);
    }

    [SkippableFact]
    public async Task Searches_are_scoped_to_experiments_and_unknown_experiments_are_not_found()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, fakeClock: true);
        await SearchDataset.CreateAsync(fixture);
        await using (await fixture.Store.StartRunAsync("other", "x"))
        {
        }

        Assert.Equal(7, (await fixture.Store.Runs.SearchAsync(new RunQuery())).Runs.Count);
        Assert.Equal(6, (await fixture.Store.Runs.SearchAsync(new RunQuery { Experiments = ["search"] })).Runs.Count);
        Assert.Equal(7, (await fixture.Store.Runs.SearchAsync(new RunQuery { Experiments = ["search", "other"] })).Runs.Count);
        var other = (await fixture.Store.Experiments.GetAsync("other")).Id;
        Assert.Single((await fixture.Store.Runs.SearchAsync(new RunQuery { Filter = $"attributes.experiment_id = {other}" })).Runs);
        var error = await Assert.ThrowsAsync<NotFoundException>(async () => await fixture.Store.Runs.SearchAsync(new RunQuery { Experiments = ["nope"] }));
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Tokens_from_another_query_or_tampered_tokens_are_rejected()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, fakeClock: true);
        await SearchDataset.CreateAsync(fixture);
        var page = await fixture.Store.Runs.SearchAsync(new RunQuery { OrderBy = "metrics.rmse", MaxResults = 2 });
        var other = await Assert.ThrowsAsync<ValidationException>(async () =>
            await fixture.Store.Runs.SearchAsync(new RunQuery { OrderBy = "metrics.acc", MaxResults = 2, PageToken = page.NextPageToken }));
        Assert.Contains("different search", other.Message, StringComparison.Ordinal);
        foreach (var bad in new[] { "garbage!", "eyJ4IjoxfQ", new string('A', 5000) })
        {
            await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Runs.SearchAsync(new RunQuery { PageToken = bad }));
        }

        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Runs.SearchAsync(new RunQuery { MaxResults = 0 }));
        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Runs.SearchAsync(new RunQuery { MaxResults = TrackingLimits.MaxPageSize + 1 }));
        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Runs.SearchAsync(new RunQuery { ViewType = (RunViewType)7 }));
    }

    [SkippableFact]
    public async Task Injection_attempts_are_parse_errors_or_match_nothing_and_never_run_sql()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, fakeClock: true);
        var dataset = await SearchDataset.CreateAsync(fixture);
        string[] rejected =
        [
            "params.model = 'gbm'; DROP TABLE tracking_runs",
            "metrics.rmse < 0.5) OR (1=1",
            "tags.team = 'a' --",
            "tags.team = 'a' UNION SELECT run_id FROM tracking_runs",
            "params.`a'; DROP TABLE x; --` = 'a'",
            "attributes.run_id = run_id",
            "attributes.`run_id; --` = 'x'",
            "metrics.rmse < 0.5 /* comment */",
            "1 = 1",
            "params.model = 'gbm' OR 1=1",
            "attributes.status = 'FINISHED' OR attributes.status LIKE '%' ESCAPE '!'",
        ];
        foreach (var filter in rejected)
        {
            var error = await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Store.Runs.SearchAsync(new RunQuery { Filter = filter }));
            Assert.Contains("position", error.Message, StringComparison.Ordinal);
        }

        string[] harmless =
        [
            "params.model = 'gbm''; DROP TABLE tracking_runs; --'",
            "tags.team = '\\'' OR 1=1 --'",
            "params.model LIKE '%''; DELETE FROM tracking_runs; --'",
            "tags.`team` IN ('a'') OR (''1''=''1')",
        ];
        foreach (var filter in harmless)
        {
            Assert.Empty(await dataset.NamesAsync(fixture.Store, new RunQuery { Filter = filter }));
        }

        Assert.Equal(6, (await fixture.Store.Runs.SearchAsync(new RunQuery())).Runs.Count);
    }
}

public sealed class SqliteSearchContractTests : SearchContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlSearchContractTests : SearchContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
