using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using MLOps.Tensors;

namespace MLOps.Abstractions.Tests.Tensors;

public sealed class BFloat16Tests
{
    [Theory]
    [InlineData(0f, 0x0000)]
    [InlineData(-0f, 0x8000)]
    [InlineData(1f, 0x3F80)]
    [InlineData(-2f, 0xC000)]
    [InlineData(float.PositiveInfinity, 0x7F80)]
    [InlineData(float.NegativeInfinity, 0xFF80)]
    [InlineData(3.140625f, 0x4049)]
    public void Exact_values_convert_to_known_bits_and_back(float value, int bits)
    {
        var bf = (BFloat16)value;
        Assert.Equal((ushort)bits, bf.Bits);
        Assert.Equal(BitConverter.SingleToUInt32Bits(value), BitConverter.SingleToUInt32Bits(bf));
        Assert.Equal(bf, BFloat16.FromBits((ushort)bits));
    }

    [Theory]
    [InlineData(0x3F808000u, 0x3F80)] // exactly half-way, lower neighbour even: stays
    [InlineData(0x3F818000u, 0x3F82)] // exactly half-way, lower neighbour odd: rounds up to even
    [InlineData(0x3F808001u, 0x3F81)] // just above half-way: rounds up
    [InlineData(0x3F807FFFu, 0x3F80)] // just below half-way: rounds down
    [InlineData(0xBF818000u, 0xBF82)] // negative, ties to even by magnitude
    [InlineData(0x7F7FFFFFu, 0x7F80)] // float.MaxValue rounds to infinity
    [InlineData(0x00000001u, 0x0000)] // smallest subnormal rounds to zero
    [InlineData(0x00010000u, 0x0001)] // subnormal with exact upper bits
    public void Conversion_rounds_to_nearest_even(uint floatBits, int expected)
    {
        Assert.Equal((ushort)expected, ((BFloat16)BitConverter.UInt32BitsToSingle(floatBits)).Bits);
    }

    [Theory]
    [InlineData(0x7FC00000u)]
    [InlineData(0xFFC00000u)]
    [InlineData(0x7F800001u)] // signalling NaN whose payload lies entirely in the dropped bits
    [InlineData(0x7FFFFFFFu)] // rounding would carry into the sign bit
    public void NaN_stays_NaN_with_its_sign(uint floatBits)
    {
        var bf = (BFloat16)BitConverter.UInt32BitsToSingle(floatBits);
        Assert.True(BFloat16.IsNaN(bf));
        Assert.True(float.IsNaN(bf));
        Assert.Equal(floatBits >> 31, (uint)bf.Bits >> 15);
    }

    [Fact]
    public void Equality_follows_half_semantics()
    {
        Assert.True((BFloat16)0f == (BFloat16)(-0f));
        Assert.True(((BFloat16)0f).Equals((BFloat16)(-0f)));
        Assert.Equal(((BFloat16)0f).GetHashCode(), ((BFloat16)(-0f)).GetHashCode());
        Assert.False(BFloat16.NaN == BFloat16.NaN);
        Assert.True(BFloat16.NaN != BFloat16.NaN);
        Assert.True(BFloat16.NaN.Equals(BFloat16.FromBits(0xFFC1)));
        Assert.Equal(BFloat16.NaN.GetHashCode(), BFloat16.FromBits(0xFFC1).GetHashCode());
        Assert.True(BFloat16.One.Equals((object)(BFloat16)1f));
        Assert.False(BFloat16.One.Equals((object)1f));
        Assert.NotEqual(BFloat16.One, BFloat16.Zero);
        Assert.Equal(default, BFloat16.Zero);
    }

    [Fact]
    public void Constants_and_text_form()
    {
        Assert.Equal(1f, BFloat16.One.ToSingle());
        Assert.Equal(float.PositiveInfinity, (float)BFloat16.PositiveInfinity);
        Assert.Equal(float.NegativeInfinity, (float)BFloat16.NegativeInfinity);
        Assert.Equal("NaN", BFloat16.NaN.ToString());
        Assert.Equal("-Infinity", BFloat16.NegativeInfinity.ToString());
        Assert.Equal("1.5", ((BFloat16)1.5f).ToString());
        Assert.Equal("0.100097656", ((BFloat16)0.1f).ToString());
        Assert.Equal(((BFloat16)0.1f).Bits, ((BFloat16)0.1d).Bits);
        Assert.Equal(0.100097656f, float.Parse(((BFloat16)0.1f).ToString(), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_non_NaN_bit_pattern_round_trips_through_float()
    {
        for (var bits = 0; bits <= ushort.MaxValue; bits++)
        {
            var value = BFloat16.FromBits((ushort)bits);
            if (!BFloat16.IsNaN(value))
            {
                Assert.Equal((ushort)bits, ((BFloat16)(float)value).Bits);
            }
        }
    }

    [Fact]
    public void Conversion_picks_the_nearer_neighbour()
    {
        Prop.ForAll(
            Gen.Choose(int.MinValue, int.MaxValue).Select(i => BitConverter.Int32BitsToSingle(i)).Where(float.IsFinite).ToArbitrary(),
            value =>
            {
                var rounded = (BFloat16)value;
                if (float.IsInfinity(rounded))
                {
                    return Math.Abs(value) >= 3.3895314e38f;
                }

                // Neighbours by truncation: the result must be one of them and no farther than the other.
                var down = BFloat16.FromBits((ushort)(BitConverter.SingleToUInt32Bits(value) >> 16));
                var up = BFloat16.FromBits((ushort)(down.Bits + 1));
                var error = Math.Abs((double)value - (float)rounded);
                var other = rounded.Bits == down.Bits ? up : down;
                return (rounded.Bits == down.Bits || rounded.Bits == up.Bits)
                    && (float.IsInfinity(other) || error <= Math.Abs((double)value - (float)other));
            })
            .QuickCheckThrowOnFailure();
    }
}
