using BenchmarkDotNet.Attributes;
using MLOps.Data;
using MLOps.FeatureStore;
using MLOps.Storage;

namespace MLOps.Benchmarks;

/// <summary>
/// The feature store's two budgets: a point-in-time join of N entity rows against N feature rows over
/// 100,000 keys (one float feature, no TTL; pandas merge_asof with sorting: 0.82 s at 1M, 4.2 s at 5M
/// on these machines; target 5M ≤ 1.4 s), and online reads of 1 and 100 entities × 50 features from an
/// in-process SQLite workspace (targets p99 ≤ 100 µs and ≤ 2 ms). Run:
/// <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*FeatureStoreBenchmarks*'</c>.
/// <c>mlops features bench --rows N</c> reports the same figures with p99s.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class FeatureStoreBenchmarks
{
    private FeatureDefinitions _definitions = null!;
    private RecordBatch _entities = null!;
    private string _folder = string.Empty;
    private MLOpsWorkspace _workspace = null!;
    private FeatureRepository _store = null!;
    private IReadOnlyList<IReadOnlyDictionary<string, object?>> _one = [];
    private IReadOnlyList<IReadOnlyDictionary<string, object?>> _hundred = [];

    /// <summary>Entity rows and feature rows.</summary>
    [Params(1_000_000, 5_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_definitions, _entities) = FeatureStoreBench.CreateJoinInputs(Rows);
        _folder = Path.Combine(Path.GetTempPath(), "mlops-fs-bench-" + Guid.NewGuid().ToString("N"));
        _workspace = MLOpsWorkspace.OpenAsync(_folder).AsTask().GetAwaiter().GetResult();
        _store = FeatureRepository.OpenAsync(_workspace).AsTask().GetAwaiter().GetResult();
        var fields = new List<Field> { new("id", DataType.Int64), new("ts", DataType.Timestamp) };
        fields.AddRange(Enumerable.Range(0, 50).Select(i => new Field("f" + i, DataType.Float64)));
        var builder = new RecordBatchBuilder(new Schema(fields));
        for (var e = 0; e < 1000; e++)
        {
            builder.AppendRow([(long)e, _workspace.TimeProvider.GetUtcNow(), .. Enumerable.Range(0, 50).Select(f => (object?)(e + (f * 0.5)))]);
        }

        var entity = new Entity("item", "id");
        var features = fields.Skip(2).Select(f => new Feature(f.Name, FeatureType.Float64)).ToList();
        var view = new FeatureView("wide", [entity], new PushSource("wide_push", "ts"), features, TimeSpan.FromDays(1));
        _store.ApplyAsync(new FeatureDefinitions([entity], [view], [new FeatureService("wide_service", [.. features.Select(f => new FeatureReference("wide", f.Name))])])).AsTask().GetAwaiter().GetResult();
        _store.PushAsync("wide_push", builder.Build()).AsTask().GetAwaiter().GetResult();
        _one = [new Dictionary<string, object?> { ["id"] = 7L }];
        _hundred = [.. Enumerable.Range(0, 100).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["id"] = (long)(i * 7) })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _workspace.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public int PointInTimeJoin()
    {
        var retrieval = HistoricalRetrieval.PrepareAsync(_definitions, [new FeatureReference("bench", "value")], _ => FeatureSourceContext.Empty, new HistoricalRetrievalOptions(), default).GetAwaiter().GetResult();
        return retrieval.Join(_entities).RowCount;
    }

    [Benchmark]
    public int OnlineReadOneEntity() => _store.GetOnlineFeaturesAsync("wide_service", _one).AsTask().GetAwaiter().GetResult().RowCount;

    [Benchmark]
    public int OnlineReadHundredEntities() => _store.GetOnlineFeaturesAsync("wide_service", _hundred).AsTask().GetAwaiter().GetResult().RowCount;
}
