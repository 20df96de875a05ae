using System.Diagnostics;
using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary>
/// The harness behind <c>mlops tracking bench</c>. Logging: R runs log K metrics for S steps through
/// <see cref="ActiveRun.LogMetric(string, double, long?)"/>, timed from the first point to the end of the
/// flush that stores the last one. Search: N runs (10 params, 10 metrics, 5 tags each) are imported,
/// then a filter over a metric and a param ordered by a metric is timed for its first page of 100.
/// </summary>
internal static class TrackingBench
{
    public const string SearchFilter = "metrics.m0 < 0.5 and params.p0 = 'a'";
    public const string SearchOrFilter = "metrics.m0 < 0.5 and (params.p0 = 'a' or tags.t0 IN ('team-1', 'team-2'))";
    public const string SearchOrderBy = "metrics.m1 DESC";
    private const string CompleteTag = "bench.complete";

    public static async Task<BenchResult> RunAsync(TrackingStore tracking, BenchSettings settings, CancellationToken cancellationToken)
    {
        settings.Validate();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (logSeconds, points) = await LogAsync(tracking, settings, "bench-log-" + suffix, cancellationToken);
        double? importSeconds = null, searchMs = null, searchColdMs = null, searchP95Ms = null, searchOrMs = null, searchDefaultMs = null;
        var matches = 0;
        if (settings.SearchRuns > 0)
        {
            // The search data is kept and reused by later benches of the same size: importing 100,000
            // runs takes a minute, the search it sets up takes milliseconds.
            var prefix = "bench-search-" + settings.SearchRuns.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var all = await tracking.Experiments.ListAsync(includeDeleted: true, cancellationToken);
            var mine = all.Where(e => string.Equals(e.Name, prefix, StringComparison.Ordinal) || e.Name.StartsWith(prefix + "-", StringComparison.Ordinal)).ToList();
            var experiment = mine.FirstOrDefault(e => !e.IsDeleted && e.Tags.ContainsKey(CompleteTag))?.Name;
            if (experiment is null)
            {
                // A bench killed during its import left a partial experiment: set it aside.
                foreach (var partial in mine.Where(e => !e.IsDeleted))
                {
                    await tracking.Experiments.DeleteAsync(partial.Name, cancellationToken);
                }

                experiment = mine.Count == 0 ? prefix : prefix + "-" + suffix;
                var clock = Stopwatch.StartNew();
                await tracking.Runs.ImportAsync(experiment, SearchRuns(settings.SearchRuns, tracking.Workspace.TimeProvider.GetUtcNow()), cancellationToken);
                importSeconds = clock.Elapsed.TotalSeconds;
                await tracking.Experiments.SetTagAsync(experiment, CompleteTag, "true", cancellationToken);
            }

            var query = new RunQuery { Experiments = [experiment], Filter = SearchFilter, OrderBy = SearchOrderBy, MaxResults = 100 };
            (searchColdMs, searchMs, searchP95Ms, matches) = await TimeAsync(tracking, query, settings.Repeats, cancellationToken);
            (_, searchOrMs, _, _) = await TimeAsync(tracking, new RunQuery { Experiments = [experiment], Filter = SearchOrFilter, OrderBy = SearchOrderBy }, settings.Repeats, cancellationToken);
            (_, searchDefaultMs, _, _) = await TimeAsync(tracking, new RunQuery { Experiments = [experiment] }, settings.Repeats, cancellationToken);
        }

        var (historyMs, historyReturned) = settings.HistoryPoints > 0 ? await HistoryAsync(tracking, settings.HistoryPoints, "bench-log-" + suffix, cancellationToken) : (null, 0);
        return new BenchResult(
            tracking.Workspace.Dialect.Name,
            tracking.Workspace.Database.Description,
            Environment.ProcessorCount,
            settings.Runs,
            settings.MetricsPerRun,
            settings.Steps,
            points,
            Math.Round(logSeconds, 3),
            Math.Round(points / logSeconds),
            settings.SearchRuns,
            importSeconds is { } i ? Math.Round(i, 2) : null,
            SearchFilter,
            SearchOrderBy,
            Round(searchMs),
            Round(searchColdMs),
            Round(searchP95Ms),
            matches,
            SearchOrFilter,
            Round(searchOrMs),
            Round(searchDefaultMs),
            settings.Repeats,
            settings.HistoryPoints,
            historyReturned,
            Round(historyMs));
    }

    private static async Task<(double Seconds, long Points)> LogAsync(TrackingStore tracking, BenchSettings settings, string experiment, CancellationToken cancellationToken)
    {
        var runs = new List<ActiveRun>(settings.Runs);
        for (var r = 0; r < settings.Runs; r++)
        {
            runs.Add(await tracking.StartRunAsync(experiment, "run-" + r, cancellationToken));
        }

        var keys = Enumerable.Range(0, settings.MetricsPerRun).Select(k => "metric_" + k).ToArray();
        var random = new Random(7);
        var clock = Stopwatch.StartNew();
        for (var step = 0; step < settings.Steps; step++)
        {
            foreach (var run in runs)
            {
                foreach (var key in keys)
                {
                    run.LogMetric(key, random.NextDouble(), step);
                }
            }
        }

        await tracking.FlushAsync(cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var run in runs)
        {
            await run.EndAsync(RunStatus.Finished, cancellationToken);
        }

        return (seconds, (long)settings.Runs * settings.MetricsPerRun * settings.Steps);
    }

    // One curve of N points (a noisy decay with a spike), read back downsampled to 1,000 points by LTTB.
    private static async Task<(double? Milliseconds, int Returned)> HistoryAsync(TrackingStore tracking, int points, string experiment, CancellationToken cancellationToken)
    {
        await using var run = await tracking.StartRunAsync(experiment, "history", cancellationToken);
        var random = new Random(5);
        var start = tracking.Workspace.TimeProvider.GetUtcNow();
        for (var first = 0; first < points; first += 100_000)
        {
            var count = Math.Min(100_000, points - first);
            await tracking.Metrics.LogAsync(run.Id, "loss", Enumerable.Range(first, count).Select(i => new MetricPoint(i, Math.Exp(-i / (points / 5.0)) + (random.NextDouble() * 0.01) + (i == points / 3 ? 1 : 0), start)), cancellationToken);
        }

        var options = new MetricHistoryOptions { MaxPoints = 1000 };
        await tracking.Metrics.GetHistoryAsync(run.Id, "loss", options, cancellationToken);
        var clock = Stopwatch.StartNew();
        var history = await tracking.Metrics.GetHistoryAsync(run.Id, "loss", options, cancellationToken);
        return (clock.Elapsed.TotalMilliseconds, history.Points.Count);
    }

    private static async Task<(double Cold, double Median, double P95, int Matches)> TimeAsync(TrackingStore tracking, RunQuery query, int repeats, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var first = await tracking.Runs.SearchAsync(query, cancellationToken);
        var cold = clock.Elapsed.TotalMilliseconds;
        var times = new List<double>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            clock.Restart();
            await tracking.Runs.SearchAsync(query, cancellationToken);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (cold, times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)], first.Runs.Count);
    }

    // 10 params (p0 one of a..d, p1 an integer, p2 a float, p3..p9 strings), 10 metrics with one
    // point each (uniform in [0, 1)), 5 tags (t0 one of team-0..team-4).
    private static IEnumerable<RunImport> SearchRuns(int count, DateTimeOffset now)
    {
        var random = new Random(11);
        var start = now.AddDays(-30);
        string[] letters = ["a", "b", "c", "d"];
        for (var i = 0; i < count; i++)
        {
            var time = start.AddSeconds(i);
            var parameters = new Dictionary<string, ParamValue>(StringComparer.Ordinal)
            {
                ["p0"] = letters[random.Next(4)],
                ["p1"] = i % 100,
                ["p2"] = random.NextDouble(),
            };
            for (var p = 3; p < 10; p++)
            {
                parameters["p" + p] = "v" + random.Next(10);
            }

            var metrics = new Dictionary<string, IReadOnlyList<MetricPoint>>(StringComparer.Ordinal);
            for (var m = 0; m < 10; m++)
            {
                metrics["m" + m] = [new MetricPoint(0, random.NextDouble(), time)];
            }

            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var t = 0; t < 5; t++)
            {
                tags["t" + t] = "team-" + random.Next(5);
            }

            yield return new RunImport { Name = "search-" + i, StartTime = time, EndTime = time.AddMinutes(1), Params = parameters, Metrics = metrics, Tags = tags };
        }
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;
}
