using System.Diagnostics;
using MLOps.Storage;
using MLOps.Tracking;

namespace MLOps.Pipelines.Benchmarking;

/// <summary>
/// The figures behind <c>mlops pipelines bench</c>: per-step overhead of no-op steps in a chain (tracking off,
/// cache on, every key new), an N-step re-run served from the cache by a fresh runner (preload, verification,
/// deserialization and the step records included), and the per-step cost with tracking on.
/// </summary>
internal static class PipelineBenchmark
{
    public static Pipeline Chain(string name, int steps)
    {
        var builder = new PipelineBuilder(name);
        var seed = builder.Parameter<long>("seed");
        StepInput previous = seed;
        for (var i = 0; i < steps; i++)
        {
            previous = i == 0
                ? builder.Step<long, long>("s0", previous, static (v, ctx, ct) => ValueTask.FromResult(v + 1))
                : builder.Step<long, long>("s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), previous, static (v, ctx, ct) => ValueTask.FromResult(v + 1));
        }

        return builder.Build();
    }

    public static async Task<BenchmarkFigures> RunAsync(MLOpsWorkspace workspace, int steps, int repetitions, int trackedSteps, CancellationToken cancellationToken)
    {
        var chain = Chain("bench-chain", steps);
        var perStep = new List<double>();
        await using (var runner = await PipelineRunner.OpenAsync(workspace, new PipelineRunnerOptions { MaxParallelism = 1 }, cancellationToken).ConfigureAwait(false))
        {
            for (var r = 0; r <= repetitions; r++)
            {
                var seed = Random.Shared.NextInt64();
                var started = Stopwatch.GetTimestamp();
                var result = await runner.RunAsync(chain, Seed(seed), cancellationToken).ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(started);
                Check(result, StepState.Succeeded);
                if (r > 0)
                {
                    // Repetition 0 warms the JIT and the connection pool.
                    perStep.Add(elapsed.TotalMicroseconds / steps);
                }
            }

            await runner.RunAsync(chain, Seed(1), cancellationToken).ConfigureAwait(false);
        }

        double cachedMs;
        await using (var fresh = await PipelineRunner.OpenAsync(workspace, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var started = Stopwatch.GetTimestamp();
            var cached = await fresh.RunAsync(chain, Seed(1), cancellationToken).ConfigureAwait(false);
            cachedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Check(cached, StepState.Cached);
        }

        double trackedUs;
        var tracked = Chain("bench-tracked", trackedSteps);
        await using (var tracking = await TrackingStore.OpenAsync(workspace, cancellationToken: cancellationToken).ConfigureAwait(false))
        await using (var runner = await PipelineRunner.OpenAsync(workspace, new PipelineRunnerOptions { MaxParallelism = 1, Tracking = tracking }, cancellationToken).ConfigureAwait(false))
        {
            await runner.RunAsync(Chain("bench-tracked-warmup", 3), Seed(0), cancellationToken).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            var result = await runner.RunAsync(tracked, Seed(Random.Shared.NextInt64()), cancellationToken).ConfigureAwait(false);
            trackedUs = Stopwatch.GetElapsedTime(started).TotalMicroseconds / trackedSteps;
            Check(result, StepState.Succeeded);
        }

        perStep.Sort();
        return new BenchmarkFigures(steps, repetitions, perStep[perStep.Count / 2], perStep[0], cachedMs, trackedSteps, trackedUs);
    }

    private static Dictionary<string, object?> Seed(long seed) => new(StringComparer.Ordinal) { ["seed"] = seed };

    private static void Check(PipelineRunResult result, StepState expected)
    {
        var wrong = result.Steps.FirstOrDefault(s => s.State != expected);
        if (wrong is not null)
        {
            throw new InvalidOperationException($"Benchmark run {result.RunId}: step '{wrong.Name}' is {wrong.State}, expected {expected} ({wrong.Error}).");
        }
    }
}
