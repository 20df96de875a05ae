namespace MLOps.Tracking.Sql;

/// <summary>Instants as stored: microseconds since the Unix epoch.</summary>
internal static class Micros
{
    public static long From(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (TimeSpan.TicksPerMillisecond / 1000);

    public static DateTimeOffset ToTime(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * (TimeSpan.TicksPerMillisecond / 1000));

    public static DateTimeOffset? ToTime(long? micros) => micros is { } value ? ToTime(value) : null;

    public static long Now(TimeProvider clock) => From(clock.GetUtcNow());
}
