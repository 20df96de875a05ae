namespace MLOps.Drift.Tests.Multivariate;

public sealed class MaximumMeanDiscrepancyTests
{
    [Fact]
    public void Statistic_matches_a_direct_quadratic_computation()
    {
        var x = new MultivariateSample(TestData.Normal(60 * 3, seed: 1), 3);
        var y = new MultivariateSample(TestData.Normal(50 * 3, shift: 0.3, seed: 2), 3);
        const double sigma = 1.7;
        var result = MaximumMeanDiscrepancy.Test(x, y, new MmdOptions { Bandwidth = sigma, Permutations = 20 });
        Assert.Equal(Direct(x, y, sigma), result.Statistic, 10);
        Assert.Equal(sigma, result.Bandwidth);
    }

    [Fact]
    public void Detects_a_shift_and_not_its_absence()
    {
        var x = new MultivariateSample(TestData.Normal(300 * 4, seed: 3), 4);
        var same = new MultivariateSample(TestData.Normal(300 * 4, seed: 4), 4);
        var shifted = new MultivariateSample(TestData.Normal(300 * 4, shift: 0.4, seed: 5), 4);
        Assert.True(MaximumMeanDiscrepancy.Test(x, same).PValue > 0.05);
        var drift = MaximumMeanDiscrepancy.Test(x, shifted);
        Assert.Equal(1.0 / 101, drift.PValue, 12);
        Assert.Equal(drift, MaximumMeanDiscrepancy.Test(x, shifted));
    }

    [Fact]
    public void Identical_points_and_mismatched_widths_are_defined_or_rejected()
    {
        var constant = new MultivariateSample(Enumerable.Repeat(1.0, 20).ToArray(), 2);
        Assert.Equal(1, MaximumMeanDiscrepancy.Test(constant, constant).PValue);
        Assert.Throws<ValidationException>(() => MaximumMeanDiscrepancy.Test(constant, new MultivariateSample(new double[9], 3)));
        Assert.Throws<ValidationException>(() => new MultivariateSample([1, double.NaN], 1));
    }

    private static double Direct(MultivariateSample x, MultivariateSample y, double sigma)
    {
        double K(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double d2 = 0;
            for (var i = 0; i < a.Length; i++)
            {
                d2 += (a[i] - b[i]) * (a[i] - b[i]);
            }

            return Math.Exp(-d2 / (2 * sigma * sigma));
        }

        double sxx = 0, syy = 0, sxy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            for (var j = 0; j < x.Count; j++)
            {
                if (i != j)
                {
                    sxx += K(x.Row(i), x.Row(j));
                }
            }

            for (var j = 0; j < y.Count; j++)
            {
                sxy += K(x.Row(i), y.Row(j));
            }
        }

        for (var i = 0; i < y.Count; i++)
        {
            for (var j = 0; j < y.Count; j++)
            {
                if (i != j)
                {
                    syy += K(y.Row(i), y.Row(j));
                }
            }
        }

        double m = x.Count, n = y.Count;
        return (sxx / (m * (m - 1))) + (syy / (n * (n - 1))) - (2 * sxy / (m * n));
    }
}
