using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.Pipelines;
using MLOps.Pipelines.Benchmarking;

namespace MLOps.Cli.Commands.Pipelines;

/// <summary><c>mlops pipelines runs|show|bench</c>: pipeline runs recorded in the workspace (see docs/pipelines.md).</summary>
public static class PipelinesCommands
{
    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new Command("pipelines", "Pipeline runs: list, show, bench.")
        {
            Runs(actions),
            Show(actions),
            Bench(actions),
        };
    }

    private static Command Runs(CommandActions actions)
    {
        var pipeline = new Option<string?>("--pipeline", "-p") { Description = "Only this pipeline's runs." };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many runs, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("runs", "List pipeline runs, newest first.") { pipeline, limit };
        actions.Set(command, (context, cancellationToken) => WithRunnerAsync(context, cancellationToken, async runner =>
        {
            var count = context.Get(limit);
            if (count is < 1 or > 10_000)
            {
                throw new ValidationException($"--limit must be between 1 and 10000 (got {count}).");
            }

            var runs = await runner.ListRunsAsync(context.Get(pipeline), count, cancellationToken);
            var json = runs.Select(r => new RunJson(r.Id, r.Pipeline, Status(r.Status), r.Started, Ms(r.Duration), r.StepCount, r.CachedCount)).ToList();
            context.Write(new { runs = json }, o => TableWriter.Write(o, ["run", "pipeline", "status", "started", "duration_ms", "steps", "cached"], json.Select(r => (IReadOnlyList<string>)
                [r.Id, r.Pipeline, r.Status, Format(r.Started), Number(r.DurationMs), Number(r.Steps), Number(r.CachedSteps)])));
            return 0;
        }));
        return command;
    }

    private static Command Show(CommandActions actions)
    {
        var runId = new Argument<string>("RUN_ID") { Description = "The run." };
        var command = new Command("show", "Show a run's steps: state, attempts, cache hit, duration, output hash.") { runId };
        actions.Set(command, (context, cancellationToken) => WithRunnerAsync(context, cancellationToken, async runner =>
        {
            var run = await runner.GetRunAsync(context.Get(runId)!, cancellationToken);
            var steps = run.Steps.Select(s => new StepJson(s.Name, Status(s.State), s.Attempts, s.CacheHit, Ms(s.Duration), s.OutputHash?.ToString(), s.CacheKey, s.Error)).ToList();
            var json = new ShowJson(run.Id, run.Pipeline, Status(run.Status), run.Started, Ms(run.Duration), run.StepCount, run.CachedCount, run.TrackingRunId, run.Error, steps);
            context.Write(json, o =>
            {
                o.WriteLine($"run       {run.Id}");
                o.WriteLine($"pipeline  {run.Pipeline}");
                o.WriteLine($"status    {json.Status}");
                o.WriteLine($"started   {Format(run.Started)}");
                o.WriteLine($"duration  {Number(json.DurationMs)} ms");
                if (run.Error is not null)
                {
                    o.WriteLine($"error     {run.Error}");
                }

                o.WriteLine();
                TableWriter.Write(o, ["step", "state", "attempts", "cache_hit", "duration_ms", "output"], steps.Select(s => (IReadOnlyList<string>)
                    [s.Name, s.State, Number(s.Attempts), s.CacheHit ? "yes" : "no", Number(s.DurationMs), s.OutputHash?[..12] ?? "-"]));
            });
            return 0;
        }));
        return command;
    }

    private static Command Bench(CommandActions actions)
    {
        var steps = new Option<int>("--steps") { Description = "Steps in the chain (and in the cached re-run).", DefaultValueFactory = _ => 1000 };
        var repetitions = new Option<int>("--repetitions") { Description = "Timed runs of the chain; the median is reported.", DefaultValueFactory = _ => 5 };
        var tracked = new Option<int>("--tracked-steps") { Description = "Steps in the run with tracking on.", DefaultValueFactory = _ => 200 };
        var command = new Command("bench", "Measure per-step overhead (tracking off), an N-step re-run from cache, and per-step cost with tracking on.") { steps, repetitions, tracked };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var n = context.Get(steps);
            var reps = context.Get(repetitions);
            var trackedSteps = context.Get(tracked);
            if (n is < 1 or > 100_000 || reps is < 1 or > 100 || trackedSteps is < 1 or > 100_000)
            {
                throw new ValidationException($"--steps and --tracked-steps must be 1 to 100000 and --repetitions 1 to 100 (got {n}, {trackedSteps}, {reps}).");
            }

            await using var workspace = await context.OpenWorkspaceAsync(cancellationToken);
            var figures = await PipelineBenchmark.RunAsync(workspace, n, reps, trackedSteps, cancellationToken);
            var json = new BenchJson(
                figures.Steps,
                figures.Repetitions,
                Math.Round(figures.PerStepUs, 2),
                Math.Round(figures.PerStepMinUs, 2),
                Math.Round(figures.CachedRerunMs, 2),
                figures.TrackedSteps,
                Math.Round(figures.TrackedPerStepUs, 1),
                workspace.Dialect.Name);
            context.Write(json, o =>
            {
                o.WriteLine($"per step (no-op chain of {n}, tracking off): {json.PerStepUs.ToString(CultureInfo.InvariantCulture)} us median of {reps}");
                o.WriteLine($"{n}-step re-run from cache: {json.CachedRerunMs.ToString(CultureInfo.InvariantCulture)} ms");
                o.WriteLine($"per step with tracking on ({trackedSteps} steps): {json.TrackedPerStepUs.ToString(CultureInfo.InvariantCulture)} us");
            });
            return 0;
        });
        return command;
    }

    private static async Task<int> WithRunnerAsync(CliContext context, CancellationToken cancellationToken, Func<PipelineRunner, Task<int>> work)
    {
        if (!Directory.Exists(context.WorkspacePath))
        {
            throw new NotFoundException($"There is no workspace at {Path.GetFullPath(context.WorkspacePath)}; run 'mlops init' first.");
        }

        await using var workspace = await context.OpenWorkspaceAsync(cancellationToken);
        await using var runner = await PipelineRunner.OpenAsync(workspace, cancellationToken: cancellationToken);
        return await work(runner);
    }

    private static string Status(Enum value) => value.ToString().ToLowerInvariant();

    private static double? Ms(TimeSpan? span) => span is { } s ? Math.Round(s.TotalMilliseconds, 3) : null;

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record RunJson(string Id, string Pipeline, string Status, DateTimeOffset Started, double? DurationMs, int Steps, int CachedSteps);

    private sealed record StepJson(string Name, string State, int Attempts, bool CacheHit, double? DurationMs, string? OutputHash, string? CacheKey, string? Error);

    private sealed record ShowJson(
        string Id, string Pipeline, string Status, DateTimeOffset Started, double? DurationMs, int StepCount, int CachedSteps, string? TrackingRunId, string? Error, IReadOnlyList<StepJson> Steps);

    private sealed record BenchJson(int Steps, int Repetitions, double PerStepUs, double PerStepMinUs, double CachedRerunMs, int TrackedSteps, double TrackedPerStepUs, string Database);
}
