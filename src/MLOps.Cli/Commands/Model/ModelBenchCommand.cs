using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Serving;

namespace MLOps.Cli.Commands.Model;

/// <summary>
/// <c>mlops model bench MODEL.onnx --batch N --threads T --seconds S</c>: runs the model on
/// generated inputs (symbolic dimensions: the first is the batch, others 1) back to back on one
/// caller thread and reports throughput, latency percentiles and managed bytes allocated per call.
/// </summary>
public static class ModelBenchCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var model = ModelCommands.ModelArgument();
        var batch = new Option<int>("--batch", "-b") { Description = "Rows per call (the size of the first symbolic dimension).", DefaultValueFactory = _ => 1 };
        var threads = ModelCommands.ThreadsOption();
        var seconds = new Option<double>("--seconds", "-s") { Description = "How long to measure, after a warm-up of a fifth of it (at least 0.2 s).", DefaultValueFactory = _ => 5 };
        var command = new Command("bench", "Benchmark a model: rows/s, calls/s, p50/p99 latency and allocations per call; JSON with --json.") { model, batch, threads, seconds };
        actions.Set(command, (context, cancellationToken) =>
        {
            var rows = context.Get(batch);
            var duration = context.Get(seconds);
            if (rows < 1 || duration <= 0 || duration > 3600)
            {
                throw new ValidationException($"--batch must be at least 1 and --seconds in (0, 3600]; they are {rows} and {duration}.");
            }

            var path = context.Get(model)!;
            using var loaded = OnnxModel.Load(path.FullName, new InferenceOptions { ThreadCount = context.Get(threads) });
            var result = ModelBenchmark.Run(loaded, path.FullName, rows, TimeSpan.FromSeconds(duration), cancellationToken);
            context.Write(result, o =>
            {
                o.WriteLine($"{result.Model}: batch {result.Batch}, {result.Threads} threads, {result.Calls.ToString("N0", CultureInfo.InvariantCulture)} calls in {result.Seconds:F2} s");
                o.WriteLine($"  {result.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} rows/s, {result.CallsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} calls/s");
                o.WriteLine($"  latency p50 {result.P50Us:F1} µs, p90 {result.P90Us:F1} µs, p99 {result.P99Us:F1} µs, mean {result.MeanUs:F1} µs");
                o.WriteLine($"  {result.AllocatedBytesPerCall:F1} bytes allocated per call");
            });
            return Task.FromResult(0);
        });
        return command;
    }
}
