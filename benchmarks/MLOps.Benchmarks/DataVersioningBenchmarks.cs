using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MLOps.DataVersioning;
using MLOps.Storage;

namespace MLOps.Benchmarks;

/// <summary>
/// The data-versioning targets of issue 8, each on a real workspace in the temp folder:
/// <list type="bullet">
/// <item><see cref="StatusOfUnchanged100kFiles"/> and <see cref="RecommitUnchanged100kFiles"/>: a tree of 100,000 small files
/// (1,000 folders × 100 files of 64–256 bytes) committed once; the working-state index makes both stat-only (target ≤ 2 s).</item>
/// <item><see cref="CommitNew512MiB"/>: 512 MiB of random data in 64 files, all new (target ≥ 400 MB/s).</item>
/// <item><see cref="CheckoutHardlink512MiB"/> (warm file cache: one link per file; target ≥ 1 GB/s equivalent) and
/// <see cref="CheckoutCopy512MiB"/> (every chunk read, verified and written; target ≥ 500 MB/s).</item>
/// </list>
/// MB/s = 536.9 MB / mean time. Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*DataVersioningBenchmarks*'</c>.
/// </summary>
[Config(typeof(OneShotInProcessConfig))]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class DataVersioningBenchmarks
{
    private const int BigFiles = 64;
    private const int BigFileSize = 8 * 1024 * 1024;
    private string _root = string.Empty;
    private string _small = string.Empty;
    private string _big = string.Empty;
    private MLOpsWorkspace _workspace = null!;
    private DataRepository _repository = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "mlops-bench-dv-" + Guid.NewGuid().ToString("N"));
        _workspace = MLOpsWorkspace.OpenAsync(Path.Combine(_root, ".mlops")).AsTask().GetAwaiter().GetResult();
        _repository = DataRepository.OpenAsync(_workspace).AsTask().GetAwaiter().GetResult();
        _small = Path.Combine(_root, "small");
        var random = new Random(1);
        var old = DateTime.UtcNow.AddMinutes(-10);
        for (var d = 0; d < 1000; d++)
        {
            var folder = Path.Combine(_small, $"d{d:D4}");
            Directory.CreateDirectory(folder);
            for (var f = 0; f < 100; f++)
            {
                var bytes = new byte[random.Next(64, 256)];
                random.NextBytes(bytes);
                var path = Path.Combine(folder, $"f{f:D3}.bin");
                File.WriteAllBytes(path, bytes);
                File.SetLastWriteTimeUtc(path, old);
            }
        }

        _repository.CommitAsync(_small, "small", "100k files").AsTask().GetAwaiter().GetResult();
        _big = Path.Combine(_root, "big");
        Directory.CreateDirectory(_big);
        FillBig(0);
        _repository.CommitAsync(_big, "big", "512 MiB").AsTask().GetAwaiter().GetResult();
        _repository.CheckoutAsync("big", Path.Combine(_root, "warm"), new CheckoutOptions { Link = CheckoutLink.Hardlink }).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _workspace.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.Delete(_root, recursive: true);
    }

    [Benchmark]
    public async Task<int> StatusOfUnchanged100kFiles() => (await _repository.StatusAsync(_small, "small")).FilesRead;

    [Benchmark]
    public async Task<int> RecommitUnchanged100kFiles() => (await _repository.CommitAsync(_small, "small", "again")).FilesRead;

    [IterationSetup(Target = nameof(CommitNew512MiB))]
    public void NewBigContent() => FillBig(++_round);

    [Benchmark]
    public async Task<long> CommitNew512MiB() => (await _repository.CommitAsync(_big, "big", $"round {_round}")).NewBytes;

    [Benchmark]
    public async Task<long> CheckoutHardlink512MiB() =>
        (await _repository.CheckoutAsync("big", Path.Combine(_root, "hard-" + Guid.NewGuid().ToString("N")), new CheckoutOptions { Link = CheckoutLink.Hardlink })).BytesWritten;

    [Benchmark]
    public async Task<long> CheckoutCopy512MiB() =>
        (await _repository.CheckoutAsync("big", Path.Combine(_root, "copy-" + Guid.NewGuid().ToString("N")))).BytesWritten;

    private void FillBig(int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[BigFileSize];
        for (var i = 0; i < BigFiles; i++)
        {
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(_big, $"part{i:D2}.bin"), bytes);
        }
    }
}

/// <summary>In-process, a few measured runs of each operation (they take seconds and write hundreds of MiB).</summary>
internal sealed class OneShotInProcessConfig : ManualConfig
{
    public OneShotInProcessConfig() =>
        AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: false)).WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
}
