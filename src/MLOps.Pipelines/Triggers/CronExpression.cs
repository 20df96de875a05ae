using System.Globalization;

namespace MLOps.Pipelines.Triggers;

/// <summary>
/// A five-field cron schedule — minute, hour, day of month, month, day of week — with <c>*</c>, values,
/// ranges (<c>1-5</c>), steps (<c>*/15</c>, <c>10-50/20</c>, <c>5/10</c>), lists (<c>1,3,5</c>) and names
/// (<c>JAN</c>–<c>DEC</c>, <c>SUN</c>–<c>SAT</c>; 0 and 7 are Sunday). As in Vixie cron, when both day fields
/// are restricted (do not start with <c>*</c>, so <c>*/10</c> counts as unrestricted) a day matches if either
/// does. Times are evaluated in UTC or a given time zone.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <example><c>CronExpression.Parse("*/15 9-17 * * MON-FRI").GetNextOccurrence(now)</c></example>
public sealed class CronExpression
{
    private static readonly string[] FieldNames = ["minute", "hour", "day of month", "month", "day of week"];
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly ulong _minutes;
    private readonly ulong _hours;
    private readonly ulong _daysOfMonth;
    private readonly ulong _months;
    private readonly ulong _daysOfWeek;
    private readonly bool _domRestricted;
    private readonly bool _dowRestricted;

    private CronExpression(string text, ulong[] fields, bool domRestricted, bool dowRestricted)
    {
        Text = text;
        (_minutes, _hours, _daysOfMonth, _months, _daysOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
        _domRestricted = domRestricted;
        _dowRestricted = dowRestricted;
    }

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    /// <summary>Parses an expression.</summary>
    /// <param name="text">Five fields separated by spaces.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ValidationException">The expression is malformed; the message names the field and the value.</exception>
    public static CronExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5)
        {
            throw new ValidationException($"Cron expression '{text}' has {parts.Length} fields; expected 5 (minute hour day-of-month month day-of-week).");
        }

        var fields = new ulong[5];
        (int Min, int Max, string[]? Names)[] ranges = [(0, 59, null), (0, 23, null), (1, 31, null), (1, 12, Months), (0, 7, Days)];
        for (var f = 0; f < 5; f++)
        {
            fields[f] = ParseField(text, f, parts[f], ranges[f].Min, ranges[f].Max, ranges[f].Names);
        }

        // 7 is Sunday too.
        if ((fields[4] & (1UL << 7)) != 0)
        {
            fields[4] = (fields[4] | 1UL) & ~(1UL << 7);
        }

        return new CronExpression(text, fields, !parts[2].StartsWith('*'), !parts[4].StartsWith('*'));
    }

    /// <summary>The first time strictly after <paramref name="after"/> that the schedule matches, to the minute.</summary>
    /// <param name="after">The reference time.</param>
    /// <param name="timeZone">The zone the fields are read in; UTC when null.</param>
    /// <returns>The occurrence, or null when none exists within five years (e.g. 30 February).</returns>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo? timeZone = null)
    {
        timeZone ??= TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(after, timeZone).DateTime;
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if ((_months & (1UL << t.Month)) == 0)
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
            }
            else if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
            }
            else if ((_hours & (1UL << t.Hour)) == 0)
            {
                t = t.Date.AddHours(t.Hour + 1);
            }
            else if ((_minutes & (1UL << t.Minute)) == 0)
            {
                t = t.AddMinutes(1);
            }
            else if (timeZone.IsInvalidTime(t))
            {
                // Skipped by a daylight-saving jump: that wall-clock minute never happens.
                t = t.AddMinutes(1);
            }
            else
            {
                return new DateTimeOffset(t, timeZone.GetUtcOffset(t));
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private bool DayMatches(DateTime t)
    {
        var dom = (_daysOfMonth & (1UL << t.Day)) != 0;
        var dow = (_daysOfWeek & (1UL << (int)t.DayOfWeek)) != 0;
        return _domRestricted && _dowRestricted ? dom || dow : dom && dow;
    }

    private static ulong ParseField(string text, int field, string value, int min, int max, string[]? names)
    {
        ulong bits = 0;
        foreach (var item in value.Split(','))
        {
            if (item.Length == 0)
            {
                throw Error(text, field, value, "has an empty list item");
            }

            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var rangePart = slash < 0 ? item : item[..slash];
            var step = 1;
            if (slash >= 0 && (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1 || step > max))
            {
                throw Error(text, field, value, $"has step '{item[(slash + 1)..]}'; a step is a whole number from 1 to {max}");
            }

            int from, to;
            if (string.Equals(rangePart, "*", StringComparison.Ordinal))
            {
                (from, to) = (min, max);
            }
            else
            {
                var dash = rangePart.IndexOf('-', StringComparison.Ordinal);
                from = Value(text, field, value, dash < 0 ? rangePart : rangePart[..dash], min, max, names);
                to = dash < 0 ? (slash >= 0 ? max : from) : Value(text, field, value, rangePart[(dash + 1)..], min, max, names);
                if (to < from)
                {
                    throw Error(text, field, value, $"has range '{rangePart}' whose end is before its start");
                }
            }

            for (var v = from; v <= to; v += step)
            {
                bits |= 1UL << v;
            }
        }

        return bits;
    }

    private static int Value(string text, int field, string value, string token, int min, int max, string[]? names)
    {
        if (names is not null)
        {
            var index = Array.FindIndex(names, n => string.Equals(n, token, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index + (min == 1 ? 1 : 0);
            }
        }

        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            var named = names is null ? string.Empty : $" or a name ({names[0]}…{names[^1]})";
            throw Error(text, field, value, $"has '{token}'; expected a number from {min} to {max}{named}");
        }

        return number;
    }

    private static ValidationException Error(string text, int field, string value, string problem) =>
        new($"Cron expression '{text}': field {field + 1} ({FieldNames[field]}) '{value}' {problem}.");
}
