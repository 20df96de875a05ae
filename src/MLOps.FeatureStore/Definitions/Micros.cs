namespace MLOps.FeatureStore;

/// <summary>Timestamps as microseconds since the Unix epoch, the unit of <see cref="MLOps.Data.TimestampColumn"/> and of the store's tables.</summary>
internal static class Micros
{
    public static long From(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset ToDateTime(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
}
