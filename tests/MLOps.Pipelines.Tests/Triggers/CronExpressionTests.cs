using FsCheck;
using FsCheck.Fluent;
using MLOps.Pipelines.Triggers;

namespace MLOps.Pipelines.Tests.Triggers;

public sealed class CronExpressionTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    [Theory]
    [InlineData("* * * * *", "2026-03-14T15:10:00Z")]
    [InlineData("*/15 * * * *", "2026-03-14T15:15:00Z")]
    [InlineData("0 9-17 * * MON-FRI", "2026-03-16T09:00:00Z")]
    [InlineData("30 2 1 * *", "2026-04-01T02:30:00Z")]
    [InlineData("0 0 * JAN,jul *", "2026-07-01T00:00:00Z")]
    [InlineData("5/20 15 * * *", "2026-03-14T15:25:00Z")]
    [InlineData("0 12 13 * FRI", "2026-03-20T12:00:00Z")]
    [InlineData("0 0 29 2 *", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 * * 7", "2026-03-15T00:00:00Z")]
    [InlineData("10-50/20 * * * *", "2026-03-14T15:10:00Z")]
    public void Finds_the_next_occurrence(string expression, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CronExpression.Parse(expression).GetNextOccurrence(Start));
    }

    [Fact]
    public void An_impossible_date_has_no_occurrence() => Assert.Null(CronExpression.Parse("0 0 30 2 *").GetNextOccurrence(Start));

    [Theory]
    [InlineData("* * * *", "has 4 fields")]
    [InlineData("60 * * * *", "field 1 (minute) '60' has '60'; expected a number from 0 to 59")]
    [InlineData("* 5-2 * * *", "field 2 (hour) '5-2' has range '5-2' whose end is before its start")]
    [InlineData("* * 0 * *", "field 3 (day of month) '0' has '0'")]
    [InlineData("* * * FOO *", "field 4 (month) 'FOO' has 'FOO'; expected a number from 1 to 12 or a name (JAN…DEC)")]
    [InlineData("*/0 * * * *", "field 1 (minute) '*/0' has step '0'")]
    [InlineData("1,,2 * * * *", "has an empty list item")]
    public void Bad_expressions_name_the_field(string expression, string expected)
    {
        var error = Assert.Throws<ValidationException>(() => CronExpression.Parse(expression));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_occurrence_agrees_with_a_minute_by_minute_scan()
    {
        // Each field choice carries an independent predicate: the oracle does not use the parser.
        (string Text, Func<int, bool> Match)[] minutes = [("*", _ => true), ("0", m => m == 0), ("*/7", m => m % 7 == 0), ("5-40/5", m => m is >= 5 and <= 40 && m % 5 == 0), ("1,31,59", m => m is 1 or 31 or 59)];
        (string Text, Func<int, bool> Match)[] hours = [("*", _ => true), ("3", h => h == 3), ("*/6", h => h % 6 == 0), ("9-17", h => h is >= 9 and <= 17)];
        (string Text, Func<int, bool> Match)[] days = [("*", _ => true), ("1", d => d == 1), ("15-20", d => d is >= 15 and <= 20), ("*/10", d => (d - 1) % 10 == 0)];
        (string Text, Func<int, bool> Match)[] months = [("*", _ => true), ("FEB", m => m == 2), ("1-6", m => m <= 6), ("*/4", m => (m - 1) % 4 == 0)];
        (string Text, Func<int, bool> Match)[] weekdays = [("*", _ => true), ("MON", d => d == 1), ("0,6", d => d is 0 or 6), ("2-4", d => d is >= 2 and <= 4)];
        var samples =
            from minute in Gen.Elements(minutes)
            from hour in Gen.Elements(hours)
            from dom in Gen.Elements(days)
            from month in Gen.Elements(months)
            from dow in Gen.Elements(weekdays)
            from offset in Gen.Choose(0, 500_000)
            select (Fields: new[] { minute, hour, dom, month, dow }, After: Start.AddMinutes(offset).AddSeconds(offset % 60));

        Prop.ForAll(samples.ToArbitrary(), sample =>
        {
            var f = sample.Fields;
            var text = string.Join(' ', f.Select(x => x.Text));
            // As in Vixie cron, a day field that starts with '*' (even '*/10') counts as unrestricted.
            var bothDays = !f[2].Text.StartsWith('*') && !f[4].Text.StartsWith('*');
            bool DayMatches(DateTimeOffset t)
            {
                var dom = f[2].Match(t.Day);
                var dow = f[4].Match((int)t.DayOfWeek);
                return f[3].Match(t.Month) && (bothDays ? dom || dow : dom && dow);
            }

            bool Matches(DateTimeOffset t) => DayMatches(t) && f[1].Match(t.Hour) && f[0].Match(t.Minute);

            var next = CronExpression.Parse(text).GetNextOccurrence(sample.After)!.Value;
            var probe = new DateTimeOffset(sample.After.Year, sample.After.Month, sample.After.Day, sample.After.Hour, sample.After.Minute, 0, TimeSpan.Zero).AddMinutes(1);
            while (probe < next)
            {
                Assert.False(Matches(probe), $"{text}: {probe:O} matches before {next:O}");

                // Whole days (and hours) that cannot match are skipped: no minute in them matches.
                probe = !DayMatches(probe) ? new DateTimeOffset(probe.Date, TimeSpan.Zero).AddDays(1)
                    : !f[1].Match(probe.Hour) ? new DateTimeOffset(probe.Date, TimeSpan.Zero).AddHours(probe.Hour + 1)
                    : probe.AddMinutes(1);
            }

            Assert.True(Matches(next), $"{text}: {next:O} does not match");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }
}
