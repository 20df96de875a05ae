using MLOps.Lineage;
using MLOps.Testing;
using MLOps.Tracking;

namespace MLOps.Pipelines.Tests.Execution;

public sealed class TrackingIntegrationTests
{
    [Fact]
    public async Task A_run_is_a_tracking_run_with_a_nested_run_per_step_and_lineage()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite);
        await using var tracking = await TrackingStore.OpenAsync(fixture.Workspace);
        await using var runner = await PipelineRunner.OpenAsync(fixture.Workspace, new PipelineRunnerOptions { Tracking = tracking, Experiment = "training" });
        var builder = new PipelineBuilder("train");
        var rate = builder.Parameter("rate", 0.25);
        var commit = ContentHash.Compute("commit"u8).ToString();
        var data = builder.Step("load", (ctx, ct) => ValueTask.FromResult(new[] { 1.0, 2.0 }), o => o.LineageInputs = [LineageReference.Parse("dataset:churn@" + commit)]);
        builder.Step<double[], double, double>("fit", data, rate, (d, r, ctx, ct) =>
        {
            ctx.AddLineageOutput(LineageReference.Parse("model:churn/3"));
            return ValueTask.FromResult(d.Sum() * r);
        });
        var pipeline = builder.Build();

        var result = await runner.RunAsync(pipeline);
        Assert.NotNull(result.TrackingRunId);
        Assert.True(result.Status == PipelineRunStatus.Succeeded, string.Join("; ", result.Steps.Select(s => s.Error)));
        var parent = await tracking.Runs.GetAsync(result.TrackingRunId!);
        Assert.Equal(RunStatus.Finished, parent.Status);
        var users = await tracking.Lineage.FindRunsUsingDatasetAsync("churn");
        var child = Assert.Single(users);
        Assert.Equal("load", child.Name);
        Assert.Equal(result.TrackingRunId, child.ParentRunId);
        Assert.Equal(result["load"].OutputHash.ToString(), child.Tags["mlops.pipeline.output_hash"]);

        var again = await runner.RunAsync(pipeline);
        Assert.All(again.Steps, s => Assert.True(s.CacheHit));
        Assert.Equal(2, (await tracking.Lineage.FindRunsUsingDatasetAsync("churn")).Count);
    }
}
