namespace MLOps.Drift.Tests.Multivariate;

public sealed class PcaReconstructionDetectorTests
{
    /// <summary>Two strongly correlated columns plus noise; drift breaks the correlation but keeps each column's distribution.</summary>
    private static MultivariateSample Correlated(int n, int seed, bool broken)
    {
        var a = TestData.Normal(n, seed: seed);
        var b = TestData.Normal(n, seed: seed + 1);
        var c = TestData.Normal(n, seed: seed + 2);
        var values = new double[n * 3];
        for (var i = 0; i < n; i++)
        {
            values[i * 3] = a[i];
            values[(i * 3) + 1] = broken ? b[i] : (0.95 * a[i]) + (0.31 * b[i]);
            values[(i * 3) + 2] = c[i];
        }

        return new MultivariateSample(values, 3);
    }

    [Fact]
    public void A_broken_correlation_leaves_the_band_while_a_fresh_sample_stays_inside()
    {
        var detector = PcaReconstructionDetector.Fit(Correlated(5000, 1, broken: false));
        Assert.InRange(detector.Components, 1, 2);
        Assert.False(detector.Evaluate(Correlated(1000, 10, broken: false)).Drifted);
        var drifted = detector.Evaluate(Correlated(1000, 20, broken: true));
        Assert.True(drifted.Drifted);
        Assert.True(drifted.Error > drifted.Upper);
        Assert.Throws<ValidationException>(() => detector.Evaluate(new MultivariateSample(new double[4], 2)));
    }
}
