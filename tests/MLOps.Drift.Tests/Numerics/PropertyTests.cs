using FsCheck;
using FsCheck.Fluent;
using MLOps.Drift.Numerics;

namespace MLOps.Drift.Tests.Numerics;

/// <summary>Invariants that hold for any input.</summary>
public sealed class PropertyTests
{
    private static readonly Gen<double[]> Samples =
        Gen.Choose(1, 40).SelectMany(n => Gen.Choose(-20, 20).Select(v => v / 4.0).ArrayOf(n));

    [Fact]
    public void Radix_sort_agrees_with_array_sort()
    {
        var values = Gen.Choose(int.MinValue, int.MaxValue).Select(v => v * 1e-3).ArrayOf().Select(a => a.Concat(Enumerable.Repeat(0.0, 5000)).Append(-0.0).ToArray());
        Prop.ForAll(Arb.From(values), a =>
        {
            var expected = (double[])a.Clone();
            Array.Sort(expected);
            var actual = (double[])a.Clone();
            RadixSort.Sort(actual);
            return expected.SequenceEqual(actual);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Ks_statistic_is_symmetric_bounded_and_its_p_value_is_a_probability()
    {
        Prop.ForAll(Arb.From(Samples), Arb.From(Samples), (a, b) =>
        {
            var ab = KolmogorovSmirnovTest.Compute(a, b);
            var ba = KolmogorovSmirnovTest.Compute(b, a);
            return ab.Statistic == ba.Statistic && ab.Statistic is >= 0 and <= 1 && ab.PValue is >= 0 and <= 1
                && Math.Abs(ab.PValue - ba.PValue) < 1e-12;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Mann_whitney_u_statistics_add_up_to_the_product_of_the_sizes()
    {
        Prop.ForAll(Arb.From(Samples), Arb.From(Samples), (a, b) =>
        {
            var u1 = MannWhitneyUTest.Compute(a, b).Statistic;
            var u2 = MannWhitneyUTest.Compute(b, a).Statistic;
            return Math.Abs(u1 + u2 - ((double)a.Length * b.Length)) < 1e-9 && MannWhitneyUTest.Compute(a, b).PValue is >= 0 and <= 1;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Bounded_distances_stay_in_range_and_vanish_on_identical_samples()
    {
        Prop.ForAll(Arb.From(Samples), Arb.From(Samples), (a, b) =>
        {
            var r = NumericSample.FromValues(a);
            var c = NumericSample.FromValues(b);
            var tvd = new TotalVariationDistance().Evaluate(r, c).Statistic;
            var hellinger = new HellingerDistance().Evaluate(r, c).Statistic;
            var js = new JensenShannonDistance().Evaluate(r, c).Statistic;
            var self = new TotalVariationDistance().Evaluate(r, r).Statistic + new PopulationStabilityIndex().Evaluate(r, r).Statistic
                + WassersteinDistance.Compute(a, a) + EnergyDistance.Compute(a, a);
            return tvd is >= 0 and <= 1 && hellinger is >= 0 and <= 1 + 1e-12 && js is >= 0 and <= 0.8326 && self == 0
                && Math.Abs(WassersteinDistance.Compute(a, b) - WassersteinDistance.Compute(b, a)) < 1e-9;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Adjusted_p_values_are_never_smaller_than_raw_ones_and_keep_their_order()
    {
        var pValues = Gen.Choose(0, 1000).Select(v => v / 1000.0).ArrayOf();
        Prop.ForAll(Arb.From(pValues), p =>
        {
            foreach (var correction in new[] { MultipleTestingCorrection.Bonferroni, MultipleTestingCorrection.BenjaminiHochberg })
            {
                var adjusted = PValueAdjustment.Adjust(p, correction);
                for (var i = 0; i < p.Length; i++)
                {
                    if (adjusted[i] < p[i] || adjusted[i] > 1)
                    {
                        return false;
                    }

                    for (var j = 0; j < p.Length; j++)
                    {
                        if (p[i] < p[j] && adjusted[i] > adjusted[j] + 1e-15)
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }
}
