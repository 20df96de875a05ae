using FsCheck;
using FsCheck.Fluent;
using MLOps.Tracking.Metrics;

namespace MLOps.Tracking.Tests.Metrics;

public sealed class MetricChunkCodecTests
{
    private static readonly Gen<(long Step, double Value, long Timestamp)[]> Points = Gen.ArrayOf(
        from step in Gen.OneOf(ArbMap.Default.GeneratorFor<long>(), Gen.Choose(0, 100).Select(i => (long)i))
        from bits in ArbMap.Default.GeneratorFor<long>()
        from value in Gen.OneOf(Gen.Constant(BitConverter.Int64BitsToDouble(bits)), ArbMap.Default.GeneratorFor<double>())
        from timestamp in Gen.Choose(-1_000_000, 1_000_000).Select(t => 1_700_000_000_000_000L + t)
        select (step, value, timestamp));

    [Fact]
    public void Chunks_round_trip_every_bit_of_every_point()
    {
        Prop.ForAll(Arb.From(Points), points =>
        {
            var chunk = MetricChunkCodec.Encode(points.Select(p => p.Step).ToArray(), points.Select(p => p.Value).ToArray(), points.Select(p => p.Timestamp).ToArray());
            var decoded = new List<MetricPoint>();
            MetricChunkCodec.Decode(chunk, long.MinValue, long.MaxValue, decoded, "test");
            return decoded.Count == points.Length && decoded.Zip(points).All(pair =>
                pair.First.Step == pair.Second.Step
                && BitConverter.DoubleToInt64Bits(pair.First.Value) == BitConverter.DoubleToInt64Bits(pair.Second.Value)
                && pair.First.Timestamp == MLOps.Tracking.Sql.Micros.ToTime(pair.Second.Timestamp));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_training_curve_packs_small_and_a_step_range_filters()
    {
        var steps = Enumerable.Range(0, 1000).Select(i => (long)i).ToArray();
        var chunk = MetricChunkCodec.Encode(steps, steps.Select(s => 1.0 / (s + 1)).ToArray(), steps.Select(s => 1_700_000_000_000_000 + (s * 1000)).ToArray());
        Assert.InRange(chunk.Length, 10_000, 12_000);
        var some = new List<MetricPoint>();
        MetricChunkCodec.Decode(chunk, 10, 19, some, "test");
        Assert.Equal(Enumerable.Range(10, 10).Select(i => (long)i), some.Select(p => p.Step));
    }

    [Fact]
    public void Damaged_chunks_are_corrupt_naming_the_series()
    {
        var chunk = MetricChunkCodec.Encode([1, 2, 3], [1, 2, 3], [1, 2, 3]);
        foreach (var damaged in new[] { [], [9, .. chunk[1..]], chunk[..^1], chunk[..3], [1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [1, 0xFF, 0xFF, 0x7F] })
        {
            var error = Assert.Throws<CorruptException>(() => MetricChunkCodec.Decode(damaged, long.MinValue, long.MaxValue, [], "metric 'loss' of run 'r'"));
            Assert.Contains("metric 'loss' of run 'r'", error.Message, StringComparison.Ordinal);
        }
    }
}
