using FsCheck;
using FsCheck.Fluent;
using MLOps.Tracking.Metrics;

namespace MLOps.Tracking.Tests.Metrics;

public sealed class SummaryAccumulatorTests
{
    private static readonly Gen<(long Step, double Value, long Timestamp)[]> Points =
        Gen.ArrayOf(
            from step in Gen.Choose(-5, 20)
            from value in Gen.Frequency(
                (6, Gen.Choose(-100, 100).Select(v => v / 4.0)),
                (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity)))
            from timestamp in Gen.Choose(0, 5)
            select ((long)step, value, (long)timestamp));

    [Fact]
    public void Merging_any_split_equals_folding_everything_and_the_naive_definition()
    {
        var gen = Points.SelectMany(points => Gen.Choose(0, points.Length), (points, cut) => (points, cut));
        Prop.ForAll(Arb.From(gen), sample =>
        {
            var all = Fold(sample.points);
            var merged = Fold(sample.points[..sample.cut]);
            merged.Merge(Fold(sample.points[sample.cut..]));
            return Same(all, merged) && MatchesDefinition(all, sample.points);
        }).QuickCheckThrowOnFailure();
    }

    private static SummaryAccumulator Fold((long Step, double Value, long Timestamp)[] points)
    {
        var summary = new SummaryAccumulator();
        foreach (var (step, value, timestamp) in points)
        {
            summary.Add(step, value, timestamp);
        }

        return summary;
    }

    private static bool Same(SummaryAccumulator a, SummaryAccumulator b) =>
        a.Count == b.Count && a.LastStep == b.LastStep && a.LastTimestamp == b.LastTimestamp && a.LastValue.Equals(b.LastValue)
        && a.Min.Equals(b.Min) && a.MinStep == b.MinStep && a.Max.Equals(b.Max) && a.MaxStep == b.MaxStep;

    private static bool MatchesDefinition(SummaryAccumulator summary, (long Step, double Value, long Timestamp)[] points)
    {
        if (points.Length == 0)
        {
            return summary.Count == 0 && summary.Min is null && summary.Max is null;
        }

        // Last: highest step, then latest timestamp, then latest arrival.
        var last = points.Select((p, i) => (p, i)).OrderBy(x => x.p.Step).ThenBy(x => x.p.Timestamp).ThenBy(x => x.i).Last().p;
        var finite = points.Where(p => !double.IsNaN(p.Value)).ToList();
        var min = finite.Count == 0 ? ((long, double, long)?)null : finite.First(p => p.Value == finite.Min(f => f.Value));
        var max = finite.Count == 0 ? ((long, double, long)?)null : finite.First(p => p.Value == finite.Max(f => f.Value));
        return summary.Count == points.Length
            && summary.LastStep == last.Step && summary.LastValue.Equals(last.Value)
            && summary.Min == min?.Item2 && summary.MinStep == min?.Item1
            && summary.Max == max?.Item2 && summary.MaxStep == max?.Item1;
    }
}
