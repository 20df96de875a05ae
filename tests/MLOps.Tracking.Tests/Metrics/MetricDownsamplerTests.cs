using FsCheck;
using FsCheck.Fluent;
using MLOps.Tracking.Metrics;

namespace MLOps.Tracking.Tests.Metrics;

public sealed class MetricDownsamplerTests
{
    private static readonly Gen<(List<MetricPoint> Points, int Max, DownsamplingMethod Method)> Series =
        from length in Gen.Choose(0, 2000)
        from values in Gen.ArrayOf(Gen.Frequency((20, Gen.Choose(-1000, 1000).Select(v => v / 10.0)), (1, Gen.Elements(double.NaN, double.PositiveInfinity))), length)
        from max in Gen.Choose(3, 300)
        from method in Gen.Elements(DownsamplingMethod.Lttb, DownsamplingMethod.MinMax)
        select (values.Select((v, i) => new MetricPoint(i * 3L, v, DateTimeOffset.UnixEpoch)).ToList(), max, method);

    [Fact]
    public void Downsampling_returns_an_ordered_subset_within_budget_keeping_the_ends()
    {
        Prop.ForAll(Arb.From(Series), sample =>
        {
            var result = MetricDownsampler.Downsample(sample.Points, sample.Max, sample.Method);
            if (sample.Points.Count <= sample.Max)
            {
                return ReferenceEquals(result, sample.Points);
            }

            var steps = result.Select(p => p.Step).ToList();
            var ordered = steps.Zip(steps.Skip(1)).All(pair => pair.First < pair.Second);
            var subset = result.All(p => sample.Points[(int)(p.Step / 3)].Equals(p));
            return result.Count <= sample.Max && ordered && subset
                && result[0].Equals(sample.Points[0]) && result[^1].Equals(sample.Points[^1]);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void MinMax_keeps_every_extreme_and_both_methods_keep_divergence()
    {
        Prop.ForAll(Arb.From(Series.Where(s => s.Points.Count > s.Max && s.Max > 3)), sample =>
        {
            var finite = sample.Points.Where(p => double.IsFinite(p.Value)).ToList();
            var minmax = MetricDownsampler.MinMax(sample.Points, sample.Max);
            var lttb = MetricDownsampler.Lttb(sample.Points, sample.Max);
            var keepsExtremes = finite.Count == 0
                || (minmax.Any(p => p.Value <= finite.Min(f => f.Value)) && minmax.Any(p => p.Value >= finite.Max(f => f.Value) || !double.IsFinite(p.Value)));
            var diverges = sample.Points.Any(p => !double.IsFinite(p.Value));
            return keepsExtremes && (!diverges || lttb.Any(p => !double.IsFinite(p.Value)));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_million_point_curve_comes_back_as_a_thousand_points_with_its_shape()
    {
        var points = Enumerable.Range(0, 1_000_000).Select(i => new MetricPoint(i, Math.Exp(-i / 200_000.0) + (i == 654_321 ? 5 : 0), DateTimeOffset.UnixEpoch)).ToList();
        var reduced = MetricDownsampler.Lttb(points, 1000);
        Assert.Equal(1000, reduced.Count);
        Assert.Contains(reduced, p => p.Step == 654_321);
        Assert.Equal(1000, MetricDownsampler.MinMax(points, 1000).Count);
    }
}
