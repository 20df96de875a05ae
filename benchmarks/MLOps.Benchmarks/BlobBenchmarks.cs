using BenchmarkDotNet.Attributes;
using MLOps.Storage.Blobs;

namespace MLOps.Benchmarks;

/// <summary>
/// Blob store throughput: put (hash + write temp file + fsync + rename) and verified get of 64 MiB
/// blobs. MB/s = 64 MiB / mean time. Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*Blob*'</c>.
/// </summary>
[MemoryDiagnoser]
public class BlobBenchmarks
{
    private const int Size = 64 * 1024 * 1024;
    private readonly byte[] _content = new byte[Size];
    private string _root = string.Empty;
    private FileBlobStore _store = null!;
    private ContentHash _stored;
    private long _counter;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_content);
        _root = Path.Combine(Path.GetTempPath(), "mlops-bench-blobs-" + Guid.NewGuid().ToString("N"));
        _store = new FileBlobStore(_root);
        _stored = _store.PutAsync(_content.AsMemory()).AsTask().GetAwaiter().GetResult().Hash;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [IterationCleanup(Target = nameof(PutStream))]
    public void RemoveNewBlobs()
    {
        foreach (var hash in _store.EnumerateAsync().ToBlockingEnumerable().ToList())
        {
            if (hash != _stored)
            {
                _store.DeleteAsync(hash).AsTask().GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>A new 64 MiB blob from a stream each time (the first 8 bytes count up so content differs).</summary>
    [Benchmark]
    public async Task<ContentHash> PutStream()
    {
        BitConverter.TryWriteBytes(_content, ++_counter);
        return (await _store.PutAsync(new MemoryStream(_content, writable: false))).Hash;
    }

    /// <summary>Streams a 64 MiB blob back, verifying its hash at the end.</summary>
    [Benchmark]
    public async Task<long> GetStream()
    {
        await using var stream = await _store.OpenReadAsync(_stored);
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>Reads a 64 MiB blob into memory, verifying its hash.</summary>
    [Benchmark]
    public async Task<int> GetAllBytes() => (await _store.ReadAllBytesAsync(_stored)).Length;
}
