using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MLOps.Storage.Csv;

namespace MLOps.Storage.Tests.Csv;

public sealed class Utf8NumberParserTests
{
    private static readonly string[] DoubleFormats = ["R", "G17", "E16", "F6", "G", "E3", "F0"];

    private static Gen<double> AnyDouble =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<double>(),
            ArbMap.Default.GeneratorFor<long>().Select(BitConverter.Int64BitsToDouble).Where(d => !double.IsNaN(d)),
            from m in Gen.Choose(-999_999, 999_999) from e in Gen.Choose(-30, 30) select m * Math.Pow(10, e));

    // Decimal strings of many shapes: short and long mantissas, leading zeros, fractions, exponents.
    private static Gen<string> DecimalText =>
        from sign in Gen.Elements("", "-", "+")
        from intDigits in Gen.Choose(0, 22).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9), n))
        from fracDigits in Gen.Choose(0, 22).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9), n))
        from dot in ArbMap.Default.GeneratorFor<bool>()
        from exponent in Gen.OneOf(Gen.Constant(""), Gen.Choose(-340, 340).Select(e => "e" + e.ToString(CultureInfo.InvariantCulture)), Gen.Choose(-25, 25).Select(e => "E+" + e.ToString(CultureInfo.InvariantCulture)))
        let digits = string.Concat(intDigits) + (dot || fracDigits.Length > 0 ? "." + string.Concat(fracDigits) : "")
        where intDigits.Length + fracDigits.Length > 0
        select sign + digits + exponent;

    [Fact]
    public void Doubles_parse_exactly_as_the_runtime_parses_them()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Arb.From(DecimalText), text =>
        {
            bool expectedOk = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected);
            bool ok = Utf8NumberParser.TryParseDouble(Encoding.ASCII.GetBytes(text), out double actual);
            Assert.Equal(expectedOk, ok);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        }));
    }

    [Fact]
    public void Formatted_doubles_parse_back_to_the_runtime_value()
    {
        var cases = from d in AnyDouble from format in Gen.Elements(DoubleFormats) select d.ToString(format, CultureInfo.InvariantCulture);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Arb.From(cases), text =>
        {
            double expected = double.Parse(text, CultureInfo.InvariantCulture);
            Assert.True(Utf8NumberParser.TryParseDouble(Encoding.ASCII.GetBytes(text), out double actual), text);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        }));
    }

    [Fact]
    public void Int64_agrees_with_the_runtime()
    {
        var cases = Gen.OneOf(
            ArbMap.Default.GeneratorFor<long>().Select(v => v.ToString(CultureInfo.InvariantCulture)),
            from hi in Gen.Choose(int.MinValue, int.MaxValue) from lo in Gen.Choose(int.MinValue, int.MaxValue) select (((long)hi << 32) | (uint)lo).ToString(CultureInfo.InvariantCulture),
            from sign in Gen.Elements("", "-", "+") from zeros in Gen.Choose(0, 3) from digits in Gen.Choose(0, 21).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9), n))
            select sign + new string('0', zeros) + string.Concat(digits));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Arb.From(cases), text =>
        {
            bool expectedOk = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long expected);
            bool ok = Utf8NumberParser.TryParseInt64(Encoding.ASCII.GetBytes(text), out long actual);
            Assert.Equal(expectedOk, ok);
            Assert.Equal(expected, actual);
        }));
    }

    [Theory]
    [InlineData("0.123456", 0.123456)]
    [InlineData("-12.5", -12.5)]
    [InlineData("3e-5", 3e-5)]
    [InlineData("1E+22", 1e22)]
    [InlineData("12e30", 12e30)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData(" 7.25\t", 7.25)]
    [InlineData("NaN", double.NaN)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("1e400", double.PositiveInfinity)]
    [InlineData("0.1000000000000000055511151231257827", 0.1)]
    [InlineData("9007199254740993", 9007199254740992.0)]
    public void Double_cases(string text, double expected)
    {
        Assert.True(Utf8NumberParser.TryParseDouble(Encoding.UTF8.GetBytes(text), out double value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Negative_zero_keeps_its_sign()
    {
        Assert.True(Utf8NumberParser.TryParseDouble("-0"u8, out double value));
        Assert.True(double.IsNegative(value));
        Assert.True(Utf8NumberParser.TryParseDouble("-0.0e10"u8, out value));
        Assert.True(double.IsNegative(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("0x10")]
    [InlineData("1 2")]
    [InlineData("abc")]
    public void Double_rejects(string text)
    {
        Assert.False(Utf8NumberParser.TryParseDouble(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("+42", 42L)]
    [InlineData("000000000000000000000042", 42L)]
    [InlineData(" -7 ", -7L)]
    public void Int64_cases(string text, long expected)
    {
        Assert.True(Utf8NumberParser.TryParseInt64(Encoding.UTF8.GetBytes(text), out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    public void Int64_rejects(string text)
    {
        Assert.False(Utf8NumberParser.TryParseInt64(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Int32_and_float32_ranges()
    {
        Assert.True(Utf8NumberParser.TryParseInt32("-2147483648"u8, out int min));
        Assert.Equal(int.MinValue, min);
        Assert.False(Utf8NumberParser.TryParseInt32("2147483648"u8, out _));
        Assert.True(Utf8NumberParser.TryParseSingle("16777217"u8, out float f));
        Assert.Equal(16777216f, f);
        Assert.True(Utf8NumberParser.TryParseSingle("1.00000005960464477539062500001"u8, out f));
        Assert.Equal(1.0000001f, f);
        Assert.False(Utf8NumberParser.TryParseSingle("x"u8, out _));
    }
}
