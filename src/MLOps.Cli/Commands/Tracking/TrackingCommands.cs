using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary><c>mlops tracking bench|sweep</c>: the tracker's benchmark harness and maintenance.</summary>
public static class TrackingCommands
{
    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new Command("tracking", "Benchmark and maintain the tracking store.")
        {
            Bench(actions),
            Sweep(actions),
            StressLogCommand.Create(actions),
        };
    }

    private static Command Bench(CommandActions actions)
    {
        var runs = new Option<int>("--runs") { Description = "Runs logging at once.", DefaultValueFactory = _ => 100 };
        var metrics = new Option<int>("--metrics-per-run") { Description = "Metric keys per run.", DefaultValueFactory = _ => 10 };
        var steps = new Option<int>("--steps") { Description = "Steps per metric.", DefaultValueFactory = _ => 1000 };
        var searchRuns = new Option<int>("--search-runs") { Description = "Runs to import and search (10 params, 10 metrics, 5 tags each); 0 skips the search.", DefaultValueFactory = _ => 100_000 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions of each search (the median is reported).", DefaultValueFactory = _ => 20 };
        var history = new Option<int>("--history-points") { Description = "Points of one curve read back downsampled to 1,000 (history_ms); 0 skips.", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("bench", "Time logging R x K x S metric points and searching N runs; prints log_seconds and search_ms.")
        {
            runs, metrics, steps, searchRuns, repeats, history,
        };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var settings = new BenchSettings(context.Get(runs), context.Get(metrics), context.Get(steps), context.Get(searchRuns), context.Get(repeats), context.Get(history));
            settings.Validate();
            var tracking = await TrackingCli.OpenAsync(context, create: true, cancellationToken);
            try
            {
                var result = await TrackingBench.RunAsync(tracking, settings, cancellationToken);
                context.Write(result, o =>
                {
                    o.WriteLine($"backend {result.Backend} ({result.Database}), {result.ProcessorCount} cores");
                    o.WriteLine($"log: {result.Points:N0} points ({result.Runs} runs x {result.MetricsPerRun} keys x {result.Steps} steps) logged and flushed in {result.LogSeconds:0.000} s ({result.PointsPerSecond:N0} points/s)");
                    if (result.SearchMs is { } ms)
                    {
                        o.WriteLine($"search: {result.SearchRuns:N0} runs imported in {result.ImportSeconds:0.00} s");
                        o.WriteLine($"  {result.SearchFilter} order by {result.SearchOrderBy}: first page of {result.SearchPageRuns} in {ms:0.00} ms median (cold {result.SearchColdMs:0.00} ms, p95 {result.SearchP95Ms:0.00} ms)");
                        o.WriteLine($"  {result.SearchOrFilter}: {result.SearchOrMs:0.00} ms median; default order, no filter: {result.SearchDefaultOrderMs:0.00} ms");
                    }

                    if (result.HistoryMs is { } historyMs)
                    {
                        o.WriteLine($"history: {result.HistoryPoints:N0} points read and downsampled to {result.HistoryReturned:N0} (LTTB) in {historyMs:0.0} ms");
                    }
                });
                return 0;
            }
            finally
            {
                await TrackingCli.CloseAsync(tracking);
            }
        });
        return command;
    }

    private static Command Sweep(CommandActions actions)
    {
        var timeout = new Option<double?>("--timeout") { Description = "Seconds without a heartbeat after which a RUNNING run is marked KILLED (default: 300)." };
        var command = new Command("sweep", "Mark RUNNING runs whose process stopped sending heartbeats KILLED.") { timeout };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var seconds = context.Get(timeout);
            if (seconds is < 0 or > 31_536_000)
            {
                throw new ValidationException($"--timeout is {seconds} seconds; use 0 to 31,536,000.");
            }

            var tracking = await TrackingCli.OpenAsync(context, create: false, cancellationToken);
            try
            {
                var killed = await tracking.Runs.SweepDeadRunsAsync(seconds is { } s ? TimeSpan.FromSeconds(s) : null, cancellationToken);
                context.Write(new { killed }, o => o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{killed.Count} runs marked KILLED{(killed.Count > 0 ? ": " + string.Join(' ', killed) : string.Empty)}")));
                return 0;
            }
            finally
            {
                await TrackingCli.CloseAsync(tracking);
            }
        });
        return command;
    }
}
