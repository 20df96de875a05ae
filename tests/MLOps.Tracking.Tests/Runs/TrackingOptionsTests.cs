namespace MLOps.Tracking.Tests.Runs;

public sealed class TrackingOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new TrackingOptions();
        options.Validate();
        Assert.Equal(262_144, options.MetricBufferCapacity);
        Assert.Equal(TimeSpan.FromSeconds(30), options.HeartbeatInterval);
        Assert.True(options.CaptureSource);
    }

    [Theory]
    [InlineData(nameof(TrackingOptions.MetricBufferCapacity))]
    [InlineData(nameof(TrackingOptions.MaxMetricBatchSize))]
    [InlineData(nameof(TrackingOptions.HeartbeatInterval))]
    [InlineData(nameof(TrackingOptions.DeadRunTimeout))]
    [InlineData(nameof(TrackingOptions.User))]
    public void Each_bad_option_is_named(string option)
    {
        var options = new TrackingOptions();
        switch (option)
        {
            case nameof(TrackingOptions.MetricBufferCapacity):
                options.MetricBufferCapacity = -1;
                break;
            case nameof(TrackingOptions.MaxMetricBatchSize):
                options.MaxMetricBatchSize = 0;
                break;
            case nameof(TrackingOptions.HeartbeatInterval):
                options.HeartbeatInterval = TimeSpan.Zero;
                break;
            case nameof(TrackingOptions.DeadRunTimeout):
                options.DeadRunTimeout = TimeSpan.FromSeconds(10);
                break;
            default:
                options.User = "\u0001";
                break;
        }

        Assert.Contains(option, Assert.Throws<ValidationException>(options.Validate).Message, StringComparison.Ordinal);
    }
}
