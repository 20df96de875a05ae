using MLOps.Lineage;
using MLOps.Testing;
using MLOps.Tracking.Tests.Support;

namespace MLOps.Tracking.Tests.Contracts;

/// <summary>Lineage on every backend: runs that used a dataset, model versions those runs produced, what a version was trained on.</summary>
public abstract class LineageContractTests
{
    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task Runs_and_model_versions_are_found_from_the_datasets_they_used()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var tracking = fixture.Store;
        var v1 = new DatasetReference("churn", "aaaaaaa");
        var v2 = new DatasetReference("churn", "bbbbbbb");
        var features = new FeatureServiceReference("churn_features");

        async Task<string> TrainAsync(string name, params LineageReference[] inputs)
        {
            await using var run = await tracking.StartRunAsync("churn", name);
            foreach (var input in inputs)
            {
                await run.LogInputAsync(input, "training");
            }

            await run.LogArtifactAsync("model.onnx", new MemoryStream([(byte)name.Length]));
            return run.Id;
        }

        var a = await TrainAsync("a", v1, features);
        var b = await TrainAsync("b", v2);
        var c = await TrainAsync("c", v1);
        await TrainAsync("unrelated", new DatasetReference("other", "ccccccc"));
        await tracking.Models.RegisterVersionAsync("churn", a, "model.onnx");
        await tracking.Models.RegisterVersionAsync("churn", b, "model.onnx");
        await tracking.Models.RegisterVersionAsync("other", c, "model.onnx");

        Assert.Equal([a, c], (await tracking.Lineage.FindRunsUsingAsync(v1)).Select(r => r.Id));
        Assert.Equal([a, b, c], (await tracking.Lineage.FindRunsUsingDatasetAsync("churn")).Select(r => r.Id));
        Assert.Equal([a], (await tracking.Lineage.FindRunsUsingAsync(features)).Select(r => r.Id));
        Assert.Empty(await tracking.Lineage.FindRunsUsingAsync(new DatasetReference("churn", "ddddddd")));
        Assert.Equal(["churn/1", "other/1"], (await tracking.Lineage.FindModelVersionsUsingAsync(v1)).Select(v => $"{v.ModelName}/{v.Version}"));
        Assert.Equal(["churn/1", "churn/2", "other/1"], (await tracking.Lineage.FindModelVersionsUsingDatasetAsync("churn")).Select(v => $"{v.ModelName}/{v.Version}"));
        var inputs = await tracking.Lineage.GetInputsOfAsync(new ModelVersionReference("churn", 1));
        Assert.Equal([v1.ToString(), features.ToString()], inputs.Select(i => i.Reference.ToString()).Order(StringComparer.Ordinal));
        Assert.All(inputs, i => Assert.Equal("training", i.Context));

        // Soft-deleted runs leave lineage answers.
        await tracking.Runs.DeleteAsync(c);
        Assert.Equal([a], (await tracking.Lineage.FindRunsUsingAsync(v1)).Select(r => r.Id));
        Assert.Equal(["churn/1"], (await tracking.Lineage.FindModelVersionsUsingAsync(v1)).Select(v => $"{v.ModelName}/{v.Version}"));
        await Assert.ThrowsAsync<NotFoundException>(async () => await tracking.Lineage.GetInputsOfAsync(new ModelVersionReference("churn", 9)));
        var unsourced = await tracking.Models.RegisterVersionAsync("bare", new ModelVersionRegistration());
        Assert.Empty(await tracking.Lineage.GetInputsOfAsync(unsourced.Reference));
    }

    [SkippableFact]
    public async Task Inputs_of_every_kind_are_recorded_once_with_their_latest_context()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var run = await fixture.Store.StartRunAsync("churn");
        await run.LogInputAsync(new DatasetReference("churn", "ABCDEF1"));
        await run.LogInputAsync(new DatasetReference("churn", "abcdef1"), "evaluation");
        await run.LogInputAsync(new ModelVersionReference("base", 3), "warm_start");
        await run.LogInputAsync(new ModelAliasReference("base", "champion"));
        var inputs = (await fixture.Store.Runs.GetAsync(run.Id)).Inputs;
        Assert.Equal(3, inputs.Count);
        Assert.Equal("evaluation", inputs.Single(i => i.Reference is DatasetReference).Context);
        var found = await fixture.Store.Runs.SearchAsync(new RunQuery { Filter = "inputs.model = 'base' and inputs.dataset_commit = 'abcdef1'" });
        Assert.Single(found.Runs);
        await Assert.ThrowsAsync<ValidationException>(async () => await run.LogInputAsync(new FeatureServiceReference("svc"), "bad context!"));
    }
}

public sealed class SqliteLineageContractTests : LineageContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlLineageContractTests : LineageContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
