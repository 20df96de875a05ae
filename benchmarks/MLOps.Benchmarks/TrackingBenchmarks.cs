using BenchmarkDotNet.Attributes;
using MLOps.Storage;
using MLOps.Tracking;

namespace MLOps.Benchmarks;

/// <summary>
/// Tracking hot paths on SQLite: logging and flushing 100,000 metric points (10 runs x 10 keys x 1,000
/// steps) and a first search page (filter on a metric and a param, ordered by a metric) over 10,000
/// runs. The full-size figures (1M points, 100,000 runs) come from <c>mlops tracking bench</c>; see
/// docs/tracking.md. Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*Tracking*'</c>.
/// </summary>
[MemoryDiagnoser]
public class TrackingBenchmarks
{
    private string _root = string.Empty;
    private MLOpsWorkspace _workspace = null!;
    private TrackingStore _tracking = null!;
    private List<ActiveRun> _runs = [];
    private string[] _keys = [];
    private int _iteration;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "mlops-bench-tracking-" + Guid.NewGuid().ToString("N"));
        _workspace = await MLOpsWorkspace.OpenAsync(_root);
        _tracking = await TrackingStore.OpenAsync(_workspace);
        _keys = Enumerable.Range(0, 10).Select(k => "metric_" + k).ToArray();
        for (var r = 0; r < 10; r++)
        {
            _runs.Add(await _tracking.StartRunAsync("bench", "run-" + r));
        }

        var random = new Random(3);
        await _tracking.Runs.ImportAsync("search", Enumerable.Range(0, 10_000).Select(i => new RunImport
        {
            Params = new Dictionary<string, ParamValue>(StringComparer.Ordinal) { ["p0"] = ((char)('a' + random.Next(4))).ToString(), ["p1"] = i },
            Metrics = new Dictionary<string, IReadOnlyList<MetricPoint>>(StringComparer.Ordinal)
            {
                ["m0"] = [new MetricPoint(0, random.NextDouble(), DateTimeOffset.UnixEpoch)],
                ["m1"] = [new MetricPoint(0, random.NextDouble(), DateTimeOffset.UnixEpoch)],
            },
        }));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var run in _runs)
        {
            await run.DisposeAsync();
        }

        await _tracking.DisposeAsync();
        await _workspace.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>100,000 points through <see cref="ActiveRun.LogMetric(string, double, long?)"/>, then a flush.</summary>
    [Benchmark]
    public async Task LogAndFlush100kPoints()
    {
        var first = _iteration++ * 1000L;
        for (var step = first; step < first + 1000; step++)
        {
            foreach (var run in _runs)
            {
                foreach (var key in _keys)
                {
                    run.LogMetric(key, 0.5, step);
                }
            }
        }

        await _tracking.FlushAsync();
    }

    /// <summary>The first page of 100 of a filter over a metric and a param, ordered by a metric, over 10,000 runs.</summary>
    [Benchmark]
    public async Task<int> SearchFirstPage() =>
        (await _tracking.Runs.SearchAsync(new RunQuery { Experiments = ["search"], Filter = "metrics.m0 < 0.5 and params.p0 = 'a'", OrderBy = "metrics.m1 DESC" })).Runs.Count;
}
