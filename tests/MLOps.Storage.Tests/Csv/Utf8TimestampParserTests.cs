using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MLOps.Storage.Csv;

namespace MLOps.Storage.Tests.Csv;

public sealed class Utf8TimestampParserTests
{
    private static long Micros(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    [Theory]
    [InlineData("1970-01-01", "1970-01-01T00:00:00Z")]
    [InlineData("2024-02-29", "2024-02-29T00:00:00Z")]
    [InlineData("2024-02-29T12:34Z", "2024-02-29T12:34:00Z")]
    [InlineData("2024-02-29T12:34:56Z", "2024-02-29T12:34:56Z")]
    [InlineData("2024-02-29t12:34:56.5z", "2024-02-29T12:34:56.5Z")]
    [InlineData("2024-02-29 12:34:56.123456789", "2024-02-29T12:34:56.123456Z")]
    [InlineData("2024-02-29T12:34:56,25+02:00", "2024-02-29T10:34:56.25Z")]
    [InlineData("2024-02-29T01:00:00-0530", "2024-02-29T06:30:00Z")]
    [InlineData("2024-02-29T01:00:00+01", "2024-02-29T00:00:00Z")]
    [InlineData("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z")]
    [InlineData(" 2024-01-01 ", "2024-01-01T00:00:00Z")]
    public void Accepted(string text, string expected)
    {
        Assert.True(Utf8TimestampParser.TryParse(Encoding.UTF8.GetBytes(text), out long micros));
        Assert.Equal(Micros(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture)), micros);
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("0000-01-01")]
    [InlineData("2024-1-1")]
    [InlineData("2024-01-01T24:00:00Z")]
    [InlineData("2024-01-01T10:60Z")]
    [InlineData("2024-01-01T10:00:60Z")]
    [InlineData("2024-01-01T10")]
    [InlineData("2024-01-01T10:00:00.")]
    [InlineData("2024-01-01T10:00:00+5")]
    [InlineData("2024-01-01T10:00:00+05:3")]
    [InlineData("2024-01-01T10:00:00+24:00")]
    [InlineData("2024-01-01T10:00:00ZZ")]
    [InlineData("2024-01-01X")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:00:00-01:00")]
    [InlineData("20240101")]
    [InlineData("")]
    public void Rejected(string text)
    {
        Assert.False(Utf8TimestampParser.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Agrees_with_the_runtime_for_any_instant_and_offset()
    {
        var cases =
            from days in Gen.Choose(1, 3_652_058)
            from micros in Gen.Choose(0, 86_399_999).Select(m => (long)m * 1000)
            from offsetMinutes in Gen.Choose(-14 * 60, 14 * 60)
            let utc = new DateTimeOffset(DateTime.MinValue.AddDays(days - 1).AddTicks(micros * 10), TimeSpan.Zero)
            let offset = TimeSpan.FromMinutes(offsetMinutes)
            where utc.UtcDateTime + offset > DateTime.MinValue.AddDays(1) && utc.UtcDateTime + offset < DateTime.MaxValue.AddDays(-1)
            select utc.ToOffset(offset);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Arb.From(cases), value =>
        {
            string text = value.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
            Assert.True(Utf8TimestampParser.TryParse(Encoding.ASCII.GetBytes(text), out long micros), text);
            Assert.Equal(Micros(value), micros);
        }));
    }
}
