using FsCheck;
using FsCheck.Fluent;
using MLOps.Data;

namespace MLOps.FeatureStore.Tests.Historical;

/// <summary>The point-in-time join against a brute-force reference of the rule, on random data full of ties, duplicates and TTL edges.</summary>
public sealed class PointInTimeReferenceTests
{
    private sealed record FeatureRow(long? Key, long? Ts, long? Created, double? Value, long? ValidTo);

    private sealed record EntityRow(long? Key, long? Ts, string Tag);

    [Fact]
    public void Join_matches_the_brute_force_rule_row_for_row()
    {
        var cases = Gen.Choose(0, int.MaxValue).Zip(Gen.Choose(0, 3)).Zip(Gen.Elements(0L, 1L, 2L, 5L));
        Prop.ForAll(Arb.From(cases), c =>
        {
            var ((seed, shape), ttl) = c;
            var random = new Random(seed);
            var keyCount = 1 + random.Next(5);
            var features = Enumerable.Range(0, random.Next(shape == 0 ? 3 : 60)).Select(_ => new FeatureRow(
                random.Next(12) == 0 ? null : random.Next(keyCount) * (shape == 2 ? 1_000_000_000_000L : 1L),
                random.Next(15) == 0 ? null : random.Next(9),
                shape == 1 ? null : random.Next(4) == 0 ? null : random.Next(3),
                random.Next(6) == 0 ? null : Math.Round(random.NextDouble(), 3),
                null)).ToList();
            var entities = Enumerable.Range(0, random.Next(40)).Select(i => new EntityRow(
                random.Next(10) == 0 ? null : random.Next(keyCount + 1) * (shape == 2 ? 1_000_000_000_000L : 1L),
                random.Next(15) == 0 ? null : random.Next(11),
                "r" + i)).ToList();
            if (entities.Count > 0 && random.Next(2) == 0)
            {
                entities.AddRange(entities.Take(5));
            }

            return Check(features, entities, ttl, interval: false, withCreated: shape != 1, stringKeys: shape == 3);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Interval_join_matches_the_brute_force_half_open_rule()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var features = Enumerable.Range(0, random.Next(30)).Select(_ =>
            {
                long from = random.Next(9);
                return new FeatureRow(random.Next(3), from, random.Next(3), random.Next(5) == 0 ? null : random.Next(100), random.Next(4) == 0 ? null : from + random.Next(4));
            }).ToList();
            var entities = Enumerable.Range(0, random.Next(30)).Select(i => new EntityRow(random.Next(4), random.Next(12), "r" + i)).ToList();
            return Check(features, entities, 0, interval: true, withCreated: true, stringKeys: false);
        }).QuickCheckThrowOnFailure();
    }

    private static bool Check(List<FeatureRow> features, List<EntityRow> entities, long ttl, bool interval, bool withCreated, bool stringKeys)
    {
        var keyType = stringKeys ? DataType.String : DataType.Int64;
        var featureFields = new List<Field> { new("id", keyType), new("ts", DataType.Timestamp), new("created", DataType.Timestamp), new("value", DataType.Float64), new("valid_to", DataType.Timestamp) };
        var builder = new RecordBatchBuilder(new Schema(featureFields));
        foreach (var f in features)
        {
            builder.AppendRow(stringKeys ? f.Key?.ToString(System.Globalization.CultureInfo.InvariantCulture) : f.Key, f.Ts, f.Created, f.Value, f.ValidTo);
        }

        var source = new RecordBatchSource("s", builder.Build(), "ts", withCreated ? "created" : null) { ValidToField = interval ? "valid_to" : null };
        var entity = new Entity("thing", "id", stringKeys ? FeatureType.String : FeatureType.Int64);
        var view = new FeatureView("v", [entity], source, [new Feature("value", FeatureType.Float64)], TimeSpan.FromTicks(ttl * 10));
        var definitions = new FeatureDefinitions([entity], [view]);

        var entityBuilder = new RecordBatchBuilder(new Schema(new Field("id", keyType), new Field("event_timestamp", DataType.Timestamp), new Field("tag", DataType.String)));
        foreach (var e in entities)
        {
            entityBuilder.AppendRow(stringKeys ? e.Key?.ToString(System.Globalization.CultureInfo.InvariantCulture) : e.Key, e.Ts, e.Tag);
        }

        var entityRows = entityBuilder.Build();
        var retrieval = HistoricalRetrieval.PrepareAsync(definitions, [new FeatureReference("v", "value")], _ => FeatureSourceContext.Empty, new HistoricalRetrievalOptions(), default).GetAwaiter().GetResult();
        var result = retrieval.Join(entityRows);

        Assert.Equal(["id", "event_timestamp", "tag", "v__value"], result.Schema.Select(f => f.Name));
        Assert.Equal(entities.Count, result.RowCount);
        var values = result.Column<Float64Column>("v__value");
        for (var i = 0; i < entities.Count; i++)
        {
            var e = entities[i];
            Assert.Equal(e.Tag, result.Column<StringColumn>("tag")[i]);
            var expected = Reference(features, e, ttl, interval, withCreated);
            Assert.Equal(expected, values.GetNullable(i));
        }

        return true;
    }

    private static double? Reference(List<FeatureRow> features, EntityRow e, long ttl, bool interval, bool withCreated)
    {
        if (e.Key is null || e.Ts is not { } t)
        {
            return null;
        }

        int best = -1;
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            if (f.Key != e.Key || f.Ts is not { } fts)
            {
                continue;
            }

            var inRange = interval
                ? fts <= t && (f.ValidTo is null || t < f.ValidTo)
                : fts <= t && (ttl == 0 || fts >= t - ttl);
            if (!inRange)
            {
                continue;
            }

            if (best < 0)
            {
                best = i;
                continue;
            }

            var b = features[best];
            var created = withCreated ? f.Created ?? long.MinValue : 0;
            var bestCreated = withCreated ? b.Created ?? long.MinValue : 0;
            if (fts > b.Ts || (fts == b.Ts && created >= bestCreated))
            {
                best = i;
            }
        }

        return best < 0 ? null : features[best].Value;
    }
}
