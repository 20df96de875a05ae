namespace MLOps.Drift.Tests.Monitoring;

public sealed class OnlineDetectorTests
{
    [Fact]
    public void Cramer_von_mises_online_rarely_alarms_without_drift_and_alarms_soon_after_a_shift()
    {
        var detector = new OnlineCramerVonMisesDetector(TestData.Normal(4000, seed: 1), new OnlineDetectorOptions { WindowSize = 40, ExpectedRunTime = 200, Simulations = 4000 });
        var calm = TestData.Normal(2000, seed: 2);
        var alarms = calm.Count(v => detector.Update(v).Drifted);
        Assert.InRange(alarms, 0, 40);

        detector.Reset();
        var shifted = TestData.Normal(400, shift: 1.5, seed: 3);
        var first = Array.FindIndex(shifted, v => detector.Update(v).Drifted);
        Assert.InRange(first, 39, 80);
        Assert.Throws<ValidationException>(() => detector.Update(double.NaN));
    }

    [Fact]
    public void Mmd_online_detects_a_shift_in_several_columns()
    {
        var reference = new MultivariateSample(TestData.Normal(800 * 3, seed: 4), 3);
        var detector = new OnlineMmdDetector(reference, new OnlineDetectorOptions { WindowSize = 30, ExpectedRunTime = 100, Simulations = 500, MaxReferenceRows = 200 });
        var calm = TestData.Normal(600 * 3, seed: 5);
        var alarms = 0;
        for (var i = 0; i < 600; i++)
        {
            alarms += detector.Update(calm.AsSpan(i * 3, 3)).Drifted ? 1 : 0;
        }

        Assert.InRange(alarms, 0, 30);
        detector.Reset();
        var shifted = TestData.Normal(300 * 3, shift: 1.0, seed: 6);
        var first = -1;
        for (var i = 0; i < 300 && first < 0; i++)
        {
            if (detector.Update(shifted.AsSpan(i * 3, 3)).Drifted)
            {
                first = i;
            }
        }

        Assert.InRange(first, 29, 60);
        Assert.True(detector.Threshold > 0);
        Assert.Throws<ValidationException>(() => new OnlineMmdDetector(reference, new OnlineDetectorOptions { ExpectedRunTime = 100, Simulations = 50 }));
    }
}
