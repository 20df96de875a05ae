using BenchmarkDotNet.Attributes;
using MLOps.Pipelines;
using MLOps.Pipelines.Benchmarking;
using MLOps.Storage;

namespace MLOps.Benchmarks;

/// <summary>
/// Pipeline execution on SQLite, tracking off: a 1,000-step chain of no-op steps computed (every cache key new:
/// serialize, hash, cache key, step and cache rows) and the same chain re-run entirely from the cache
/// (verification and deserialization included), by a runner that has the entries preloaded. Divide by 1,000 for
/// the per-step figure. The CLI's <c>mlops pipelines bench</c> measures the same with a fresh runner; see
/// docs/pipelines.md. Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*PipelineBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class PipelineBenchmarks
{
    private const int Steps = 1000;

    private string _root = string.Empty;
    private MLOpsWorkspace _workspace = null!;
    private PipelineRunner _runner = null!;
    private Pipeline _chain = null!;
    private long _seed;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "mlops-bench-pipelines-" + Guid.NewGuid().ToString("N"));
        _workspace = await MLOpsWorkspace.OpenAsync(_root);
        _runner = await PipelineRunner.OpenAsync(_workspace, new PipelineRunnerOptions { MaxParallelism = 1 });
        _chain = PipelineBenchmark.Chain("bench", Steps);
        await _runner.RunAsync(_chain, Seed(-1));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _runner.DisposeAsync();
        await _workspace.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>1,000 no-op steps, all computed.</summary>
    [Benchmark]
    public Task<PipelineRunResult> ChainComputed() => _runner.RunAsync(_chain, Seed(_seed++));

    /// <summary>1,000 no-op steps, all served from the cache.</summary>
    [Benchmark]
    public Task<PipelineRunResult> ChainCached() => _runner.RunAsync(_chain, Seed(-1));

    private static Dictionary<string, object?> Seed(long seed) => new(StringComparer.Ordinal) { ["seed"] = seed };
}
