namespace MLOps.Storage.Csv;

/// <summary>
/// Parses ISO 8601 timestamps from UTF-8 bytes into microseconds since the Unix epoch (UTC).
/// </summary>
/// <remarks>
/// Accepted: <c>yyyy-MM-dd</c> (midnight UTC), optionally followed by <c>T</c> (or a space) and
/// <c>HH:mm</c>, <c>HH:mm:ss</c> or <c>HH:mm:ss.f…</c> (any number of fraction digits, cut to
/// microseconds), then <c>Z</c>, an offset <c>±HH:mm</c>, <c>±HHmm</c> or <c>±HH</c>, or nothing
/// (read as UTC). The instant must lie in the years 0001 to 9999 UTC. Spaces and tabs around are
/// tolerated. Thread-safe.
/// </remarks>
internal static class Utf8TimestampParser
{
    private const long MicrosPerSecond = 1_000_000;
    private const long SecondsPerDay = 86_400;

    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z, the range DateTimeOffset can hold.
    private const long MinMicros = -62_135_596_800L * MicrosPerSecond;
    private const long MaxMicros = (253_402_300_800L * MicrosPerSecond) - 1;

    /// <summary>Parses a timestamp; false when the text is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out long microseconds) =>
        TryParseExact(text, out microseconds) || TryParseExact(Utf8Text.TrimSpaces(text), out microseconds);

    private static bool TryParseExact(ReadOnlySpan<byte> text, out long microseconds)
    {
        microseconds = 0;
        if (text.Length < 10 || text[4] != (byte)'-' || text[7] != (byte)'-'
            || !TryDigits(text[..4], out int year) || !TryDigits(text.Slice(5, 2), out int month) || !TryDigits(text.Slice(8, 2), out int day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        long seconds = DaysFromCivil(year, month, day) * SecondsPerDay;
        long fraction = 0;
        int offsetSeconds = 0;
        if (text.Length > 10)
        {
            ReadOnlySpan<byte> rest = text[10..];
            if (rest[0] is not ((byte)'T' or (byte)'t' or (byte)' ') || !TryParseTime(rest[1..], out int timeSeconds, out fraction, out rest))
            {
                return false;
            }

            seconds += timeSeconds;
            if (!TryParseOffset(rest, out offsetSeconds))
            {
                return false;
            }
        }

        long utcSeconds = seconds - offsetSeconds;
        if (utcSeconds < MinMicros / MicrosPerSecond || utcSeconds > MaxMicros / MicrosPerSecond)
        {
            return false;
        }

        microseconds = (utcSeconds * MicrosPerSecond) + fraction;
        return true;
    }

    private static bool TryParseTime(ReadOnlySpan<byte> text, out int seconds, out long fractionMicros, out ReadOnlySpan<byte> rest)
    {
        seconds = 0;
        fractionMicros = 0;
        rest = default;
        if (text.Length < 5 || text[2] != (byte)':' || !TryDigits(text[..2], out int hour) || !TryDigits(text.Slice(3, 2), out int minute)
            || hour > 23 || minute > 59)
        {
            return false;
        }

        int second = 0;
        int i = 5;
        if (i < text.Length && text[i] == (byte)':')
        {
            if (text.Length < 8 || !TryDigits(text.Slice(6, 2), out second) || second > 59)
            {
                return false;
            }

            i = 8;
            if (i < text.Length && text[i] is (byte)'.' or (byte)',')
            {
                i++;
                int digits = 0;
                for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++, digits++)
                {
                    if (digits < 6)
                    {
                        fractionMicros = (fractionMicros * 10) + (text[i] - '0');
                    }
                }

                if (digits == 0)
                {
                    return false;
                }

                for (; digits < 6; digits++)
                {
                    fractionMicros *= 10;
                }
            }
        }

        seconds = (hour * 3600) + (minute * 60) + second;
        rest = text[i..];
        return true;
    }

    private static bool TryParseOffset(ReadOnlySpan<byte> text, out int offsetSeconds)
    {
        offsetSeconds = 0;
        if (text.IsEmpty)
        {
            return true;
        }

        if (text.Length == 1)
        {
            return text[0] is (byte)'Z' or (byte)'z';
        }

        if (text[0] is not ((byte)'+' or (byte)'-') || !TryDigits(text.Slice(1, Math.Min(2, text.Length - 1)), out int hours) || text.Length < 3)
        {
            return false;
        }

        int minutes = 0;
        ReadOnlySpan<byte> tail = text[3..];
        if (tail.Length > 0 && tail[0] == (byte)':')
        {
            tail = tail[1..];
        }

        if (tail.Length > 0 && (tail.Length != 2 || !TryDigits(tail, out minutes)))
        {
            return false;
        }

        if (hours > 23 || minutes > 59)
        {
            return false;
        }

        offsetSeconds = ((hours * 60) + minutes) * 60;
        if (text[0] == (byte)'-')
        {
            offsetSeconds = -offsetSeconds;
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (byte b in text)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return text.Length > 0;
    }

    // Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse used by calendars everywhere).
    private static long DaysFromCivil(int year, int month, int day)
    {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - (era * 400);
        int dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        int dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return ((long)era * 146_097) + dayOfEra - 719_468;
    }
}
