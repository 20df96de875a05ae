using System.Diagnostics;
using MLOps.Data;
using MLOps.Storage;

namespace MLOps.FeatureStore;

/// <summary>
/// The measurements behind <c>mlops features bench</c>: a point-in-time join of N entity rows against a
/// view of N feature rows over 100,000 keys (one float feature, no TTL), and the p99 of online reads of
/// one entity × 50 features from an in-process SQLite workspace.
/// </summary>
public static class FeatureStoreBench
{
    /// <summary>Builds the synthetic join inputs: feature rows and entity rows with random keys and timestamps over 30 days.</summary>
    /// <param name="rows">Rows on each side.</param>
    /// <param name="keys">Distinct keys.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The definitions (view <c>bench:value</c>) and the entity rows.</returns>
    public static (FeatureDefinitions Definitions, RecordBatch EntityRows) CreateJoinInputs(int rows, int keys = 100_000, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var random = new Random(seed);
        const long span = 30L * 24 * 3600 * 1_000_000;
        var featureKeys = new long[rows];
        var featureTs = new long[rows];
        var values = new double[rows];
        var entityKeys = new long[rows];
        var entityTs = new long[rows];
        for (var i = 0; i < rows; i++)
        {
            featureKeys[i] = random.Next(keys);
            featureTs[i] = random.NextInt64(span);
            values[i] = random.NextDouble();
            entityKeys[i] = random.Next(keys);
            entityTs[i] = random.NextInt64(span);
        }

        var features = new RecordBatch(
            new Schema(new Field("key", DataType.Int64), new Field("ts", DataType.Timestamp), new Field("value", DataType.Float64)),
            [new Int64Column(featureKeys), new TimestampColumn(featureTs), new Float64Column(values)]);
        var entities = new RecordBatch(
            new Schema(new Field("key", DataType.Int64), new Field("event_timestamp", DataType.Timestamp)),
            [new Int64Column(entityKeys), new TimestampColumn(entityTs)]);
        var entity = new Entity("item", "key");
        var view = new FeatureView("bench", [entity], new RecordBatchSource("bench_rows", features, "ts"), [new Feature("value", FeatureType.Float64)]);
        return (new FeatureDefinitions([entity], [view]), entities);
    }

    /// <summary>Times the point-in-time join (index build, as-of match and gather), best of <paramref name="repeats"/>.</summary>
    /// <param name="rows">Rows on each side.</param>
    /// <param name="repeats">Timed runs after one warm-up.</param>
    /// <param name="cancellationToken">Cancels between runs.</param>
    /// <returns>The best time in milliseconds and the number of matched rows.</returns>
    public static async Task<(double Milliseconds, long Matched)> MeasureJoinAsync(int rows, int repeats = 3, CancellationToken cancellationToken = default)
    {
        var (definitions, entities) = CreateJoinInputs(rows);
        var best = double.MaxValue;
        long matched = 0;
        for (var run = 0; run <= repeats; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            var retrieval = await HistoricalRetrieval.PrepareAsync(definitions, [new FeatureReference("bench", "value")], _ => FeatureSourceContext.Empty, new HistoricalRetrievalOptions(), cancellationToken).ConfigureAwait(false);
            var result = retrieval.Join(entities);
            watch.Stop();
            if (run > 0)
            {
                best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            }

            matched = result.RowCount - result.Column(2).NullCount;
        }

        return (best, matched);
    }

    /// <summary>Times online reads of one entity × 50 features from a SQLite workspace in <paramref name="folder"/>.</summary>
    /// <param name="folder">An empty folder for the workspace.</param>
    /// <param name="entitiesPerRead">Entities per read (1 or 100 in the docs).</param>
    /// <param name="reads">Timed reads.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>p50 and p99 latency in microseconds.</returns>
    public static async Task<(double P50Microseconds, double P99Microseconds)> MeasureOnlineAsync(string folder, int entitiesPerRead = 1, int reads = 20_000, CancellationToken cancellationToken = default)
    {
        const int featureCount = 50;
        const int entityCount = 1_000;
        await using var workspace = await MLOpsWorkspace.OpenAsync(folder, cancellationToken).ConfigureAwait(false);
        await using var store = await FeatureRepository.OpenAsync(workspace, cancellationToken: cancellationToken).ConfigureAwait(false);
        var fields = new List<Field> { new("id", DataType.Int64), new("ts", DataType.Timestamp) };
        fields.AddRange(Enumerable.Range(0, featureCount).Select(i => new Field("f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), DataType.Float64)));
        var builder = new RecordBatchBuilder(new Schema(fields), entityCount);
        var now = workspace.TimeProvider.GetUtcNow();
        var row = new object?[fields.Count];
        for (var e = 0; e < entityCount; e++)
        {
            row[0] = (long)e;
            row[1] = now.AddMinutes(-1);
            for (var f = 0; f < featureCount; f++)
            {
                row[f + 2] = e + (f * 0.5);
            }

            builder.AppendRow(row);
        }

        var entity = new Entity("item", "id");
        var features = fields.Skip(2).Select(f => new Feature(f.Name, FeatureType.Float64)).ToList();
        var view = new FeatureView("wide", [entity], new PushSource("wide_push", "ts"), features, TimeSpan.FromDays(1));
        var service = new FeatureService("wide_service", [.. features.Select(f => new FeatureReference("wide", f.Name))]);
        await store.ApplyAsync(new FeatureDefinitions([entity], [view], [service]), cancellationToken).ConfigureAwait(false);
        await store.PushAsync("wide_push", builder.Build(), cancellationToken).ConfigureAwait(false);

        var random = new Random(7);
        var requests = Enumerable.Range(0, 64).Select(_ => (IReadOnlyList<IReadOnlyDictionary<string, object?>>)[.. Enumerable.Range(0, entitiesPerRead)
            .Select(_ => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = (long)random.Next(entityCount) })]).ToArray();
        for (var i = 0; i < Math.Min(2_000, reads); i++)
        {
            await store.GetOnlineFeaturesAsync("wide_service", requests[i % requests.Length], cancellationToken).ConfigureAwait(false);
        }

        var samples = new double[reads];
        for (var i = 0; i < reads; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var result = await store.GetOnlineFeaturesAsync("wide_service", requests[i % requests.Length], cancellationToken).ConfigureAwait(false);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (result[0, 0].Status != FeatureStatus.Present)
            {
                throw new InvalidOperationException("The benchmark read found no value; the setup is broken.");
            }
        }

        Array.Sort(samples);
        return (samples[reads / 2], samples[(int)Math.Ceiling(reads * 0.99) - 1]);
    }
}
