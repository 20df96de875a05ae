namespace MLOps.Pipelines;

/// <summary>Times as stored: microseconds since the Unix epoch, UTC.</summary>
internal static class Micros
{
    public static long From(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset ToTime(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    public static long From(TimeSpan span) => span.Ticks / 10;

    public static TimeSpan ToSpan(long micros) => TimeSpan.FromTicks(micros * 10);
}
