using FsCheck;
using FsCheck.Fluent;

namespace MLOps.Tracking.Tests.Params;

public sealed class ParamValueTests
{
    private static readonly Gen<ParamValue> Values = Gen.OneOf(
        ArbMap.Default.GeneratorFor<long>().Select(ParamValue.FromInt64),
        ArbMap.Default.GeneratorFor<double>().Select(ParamValue.FromDouble),
        Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue).Select(ParamValue.FromDouble),
        ArbMap.Default.GeneratorFor<bool>().Select(ParamValue.FromBoolean),
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(ParamValue.FromString));

    [Fact]
    public void Every_value_round_trips_through_its_kind_and_canonical_text()
    {
        Prop.ForAll(Arb.From(Values), value =>
            ParamValue.Parse(value.Kind, value.ToString()) == value
            && ParamValue.Parse(value.Kind, value.ToString()).GetHashCode() == value.GetHashCode()).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Sort_keys_order_numbers_numerically_before_strings()
    {
        var numbers = ArbMap.Default.GeneratorFor<double>().Where(d => !double.IsNaN(d));
        Prop.ForAll(Arb.From(numbers), Arb.From(numbers), (a, b) =>
            Math.Sign(string.CompareOrdinal(ParamValue.FromDouble(a).SortKey(), ParamValue.FromDouble(b).SortKey())) == Math.Sign(a.CompareTo(b))
            && string.CompareOrdinal(ParamValue.FromDouble(a).SortKey(), ParamValue.FromString("").SortKey()) < 0).QuickCheckThrowOnFailure();
        Assert.Equal(ParamValue.FromInt64(3).SortKey(), ParamValue.FromDouble(3.0).SortKey());
        Assert.Equal(ParamValue.FromDouble(-0.0).SortKey(), ParamValue.FromDouble(0.0).SortKey());
        Assert.True(string.CompareOrdinal(ParamValue.FromBoolean(true).SortKey(), ParamValue.FromInt64(2).SortKey()) < 0);
    }

    [Fact]
    public void Conversions_kinds_and_equality()
    {
        ParamValue text = "gbm";
        ParamValue integer = 5;
        ParamValue big = 5L;
        ParamValue number = 0.5;
        ParamValue flag = true;
        Assert.Equal((ParamKind.String, (object)"gbm", (double?)null), (text.Kind, text.Value, text.Number));
        Assert.Equal((ParamKind.Integer, (object)5L, (double?)5), (integer.Kind, integer.Value, integer.Number));
        Assert.Equal(integer, big);
        Assert.Equal((ParamKind.Float, (object)0.5), (number.Kind, number.Value));
        Assert.Equal((ParamKind.Boolean, (object)true, (double?)1), (flag.Kind, flag.Value, flag.Number));
        Assert.NotEqual(ParamValue.FromString("5"), integer);
        Assert.True(ParamValue.FromDouble(double.NaN) == ParamValue.FromDouble(double.NaN));
        Assert.True(ParamValue.FromInt64(1) != ParamValue.FromBoolean(true));
        Assert.Equal(string.Empty, default(ParamValue).ToString());
        Assert.Equal("true", flag.ToString());
        Assert.Equal("0.1", ParamValue.FromDouble(0.1).ToString());
        Assert.False(text.Equals((object)"gbm"));
        Assert.Throws<ArgumentNullException>(() => ParamValue.FromString(null!));
    }

    [Theory]
    [InlineData(ParamKind.Integer, "1.5")]
    [InlineData(ParamKind.Float, "abc")]
    [InlineData(ParamKind.Boolean, "True")]
    [InlineData((ParamKind)9, "x")]
    public void Corrupt_stored_values_are_reported(ParamKind kind, string text) =>
        Assert.Contains(text, Assert.Throws<CorruptException>(() => ParamValue.Parse(kind, text)).Message, StringComparison.Ordinal);
}
