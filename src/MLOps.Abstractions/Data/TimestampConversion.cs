namespace MLOps.Data;

/// <summary>Converts between timestamp microseconds since the Unix epoch and <see cref="DateTimeOffset"/>.</summary>
internal static class TimestampConversion
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
    private static readonly long MinMicroseconds = -FloorDiv(DateTimeOffset.UnixEpoch.UtcTicks - DateTimeOffset.MinValue.UtcTicks, TicksPerMicrosecond);
    private static readonly long MaxMicroseconds = FloorDiv(DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TicksPerMicrosecond);

    /// <summary>Microseconds since the epoch, rounding sub-microsecond ticks down (towards the past).</summary>
    public static long ToMicroseconds(DateTimeOffset value) =>
        FloorDiv(value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TicksPerMicrosecond);

    /// <summary>Microseconds since the epoch; an unspecified kind is taken as UTC, a local time is converted.</summary>
    public static long ToMicroseconds(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => ToMicroseconds(new DateTimeOffset(value)),
        _ => FloorDiv(value.Ticks - DateTimeOffset.UnixEpoch.UtcTicks, TicksPerMicrosecond),
    };

    /// <summary>The UTC instant of a number of microseconds since the epoch.</summary>
    /// <exception cref="ValidationException">The instant is outside what <see cref="DateTimeOffset"/> can represent.</exception>
    public static DateTimeOffset ToDateTimeOffset(long microseconds)
    {
        if (microseconds < MinMicroseconds || microseconds > MaxMicroseconds)
        {
            throw new ValidationException(
                $"Timestamp {microseconds} µs since the Unix epoch is outside the years 0001 to 9999 that DateTimeOffset can represent.");
        }

        return DateTimeOffset.UnixEpoch.AddTicks(microseconds * TicksPerMicrosecond);
    }

    private static long FloorDiv(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }
}
