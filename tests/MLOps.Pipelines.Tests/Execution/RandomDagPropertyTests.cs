using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using MLOps.Testing;

namespace MLOps.Pipelines.Tests.Execution;

/// <summary>
/// Random DAGs with random failures and retries: each step runs at most retries + 1 times, nothing runs after
/// a dependency failed, and a resumed run recomputes only failed or unfinished steps.
/// </summary>
public sealed class RandomDagPropertyTests
{
    [Fact]
    public void Random_dags_respect_retries_dependencies_and_resume()
    {
        var dags =
            from size in Gen.Choose(1, 12)
            from edges in Gen.ListOf(Gen.Choose(0, 1000), size * 2)
            from failures in Gen.ArrayOf(Gen.Choose(0, 4), size)
            from retries in Gen.ArrayOf(Gen.Choose(0, 2), size)
            select new Dag(size, [.. edges], failures, retries);

        Prop.ForAll(dags.ToArbitrary(), dag => CheckAsync(dag).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    private static async Task<bool> CheckAsync(Dag dag)
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite);
        var calls = new ConcurrentDictionary<int, int>();
        var finished = new ConcurrentDictionary<int, bool>();
        var resuming = false;
        var builder = new PipelineBuilder("random");
        var outputs = new List<StepOutput<int>>();
        for (var i = 0; i < dag.Size; i++)
        {
            var step = i;
            var inputs = dag.ProducersOf(step).Select(p => (StepInput)outputs[p]).ToList();
            outputs.Add(builder.Step<int>($"s{step}", inputs, (values, ctx, ct) =>
            {
                foreach (var producer in dag.ProducersOf(step))
                {
                    Assert.True(finished.ContainsKey(producer), $"s{step} ran before its producer s{producer} finished");
                }

                var attempt = calls.AddOrUpdate(step, 1, (_, n) => n + 1);
                // failures[step]: the step fails on its first N attempts of the first run; resumed runs never fail.
                if (!resuming && ctx.Attempt <= dag.Failures[step])
                {
                    throw new IOException($"s{step} attempt {ctx.Attempt}");
                }

                finished[step] = true;
                var sum = step;
                for (var k = 0; k < values.Count; k++)
                {
                    sum += values.Get<int>(k);
                }

                return ValueTask.FromResult(sum);
            }, o =>
            {
                o.Cache = false;
                o.Retry.MaxRetries = dag.Retries[step];
                o.Retry.Delay = TimeSpan.Zero;
            }));
        }

        var pipeline = builder.Build();
        await using var runner = await PipelineRunner.OpenAsync(fixture.Workspace, new PipelineRunnerOptions { MaxParallelism = 3 });
        var first = await runner.RunAsync(pipeline);
        for (var i = 0; i < dag.Size; i++)
        {
            var result = first[$"s{i}"];
            var ran = calls.GetValueOrDefault(i);
            Assert.True(ran <= dag.Retries[i] + 1, $"s{i} ran {ran} times with {dag.Retries[i]} retries");
            Assert.Equal(ran, result.Attempts);
            var producersOk = dag.ProducersOf(i).All(p => first[$"s{p}"].HasOutput);
            if (!producersOk)
            {
                Assert.Equal(0, ran);
                Assert.Equal(StepState.Skipped, result.State);
            }
            else
            {
                var shouldSucceed = dag.Failures[i] <= dag.Retries[i];
                Assert.Equal(shouldSucceed ? StepState.Succeeded : StepState.Failed, result.State);
            }
        }

        var before = new Dictionary<int, int>(calls);
        resuming = true;
        var resumed = await runner.ResumeAsync(pipeline, first.RunId);
        Assert.Equal(PipelineRunStatus.Succeeded, resumed.Status);
        for (var i = 0; i < dag.Size; i++)
        {
            var recomputed = calls.GetValueOrDefault(i) - before.GetValueOrDefault(i);
            var expected = first[$"s{i}"].HasOutput ? 0 : 1;
            Assert.True(expected == recomputed, $"s{i} was {first[$"s{i}"].State} and ran {recomputed} times on resume");
            Assert.Equal(first[$"s{i}"].HasOutput ? StepState.Reused : StepState.Succeeded, resumed[$"s{i}"].State);
        }

        return true;
    }

    /// <summary>Step i may read from any step before it: edges pick producers among 0..i-1.</summary>
    private sealed record Dag(int Size, int[] Edges, int[] Failures, int[] Retries)
    {
        public IEnumerable<int> ProducersOf(int step) =>
            step == 0 ? [] : new[] { Edges[2 * step] % (step + 1), Edges[(2 * step) + 1] % (step + 1) }.Where(p => p < step).Distinct().Order();

        public override string ToString() =>
            $"Dag(size {Size}, producers [{string.Join("; ", Enumerable.Range(0, Size).Select(i => string.Join(",", ProducersOf(i))))}], failures [{string.Join(",", Failures)}], retries [{string.Join(",", Retries)}])";
    }
}
