using System.Globalization;

namespace MLOps.Tensors;

/// <summary>
/// The bfloat16 ("brain float") format: the upper 16 bits of a 32-bit IEEE float, so the same
/// range as <see cref="float"/> with 8 bits of precision. .NET has no such type; this one stores the
/// bits and converts through <see cref="float"/>. It is the element type of
/// <see cref="TensorElementType.BFloat16"/> tensors.
/// </summary>
/// <remarks>
/// Conversion from <see cref="float"/> rounds to nearest, ties to even; NaN stays NaN (its sign and
/// upper payload bits are kept and the quiet bit is set, so truncation never turns it into an
/// infinity). Equality follows <see cref="Half"/>: <c>==</c> is IEEE (NaN is unequal to itself, +0
/// equals -0), while <see cref="Equals(BFloat16)"/> also treats every NaN as equal to every NaN.
/// Immutable and thread-safe.
/// </remarks>
public readonly struct BFloat16 : IEquatable<BFloat16>
{
    private const ushort SignMask = 0x8000;
    private const ushort QuietNaNBit = 0x0040;

    private BFloat16(ushort bits)
    {
        Bits = bits;
    }

    /// <summary>Positive zero.</summary>
    public static BFloat16 Zero => default;

    /// <summary>One.</summary>
    public static BFloat16 One => new(0x3F80);

    /// <summary>A quiet NaN.</summary>
    public static BFloat16 NaN => new(0x7FC0);

    /// <summary>Positive infinity.</summary>
    public static BFloat16 PositiveInfinity => new(0x7F80);

    /// <summary>Negative infinity.</summary>
    public static BFloat16 NegativeInfinity => new(0xFF80);

    /// <summary>The raw 16 bits: sign, 8 exponent bits, 7 mantissa bits.</summary>
    public ushort Bits { get; }

    /// <summary>Creates a value from its raw 16 bits, as read from a binary tensor payload.</summary>
    /// <param name="bits">Sign, 8 exponent bits, 7 mantissa bits.</param>
    /// <returns>The value.</returns>
    public static BFloat16 FromBits(ushort bits) => new(bits);

    /// <summary>Whether the value is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> for any NaN.</returns>
    public static bool IsNaN(BFloat16 value) => (value.Bits & ~SignMask) > PositiveInfinity.Bits;

    /// <summary>Rounds a <see cref="float"/> to the nearest bfloat16, ties to even; NaN stays NaN, and values beyond the range become infinities.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The rounded value.</returns>
    public static explicit operator BFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return new((ushort)((bits >> 16) | QuietNaNBit));
        }

        // Adding 0x7FFF plus the lowest kept bit rounds half-way cases towards the even neighbour;
        // a carry out of the mantissa correctly bumps the exponent (up to infinity).
        var rounded = bits + 0x7FFFu + ((bits >> 16) & 1u);
        return new((ushort)(rounded >> 16));
    }

    /// <summary>Rounds a <see cref="double"/> to the nearest bfloat16 (through <see cref="float"/>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The rounded value.</returns>
    public static explicit operator BFloat16(double value) => (BFloat16)(float)value;

    /// <summary>Widens to <see cref="float"/> exactly.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value.Bits << 16);

    /// <summary>IEEE equality: NaN is unequal to everything, +0 equals -0.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another value.</param>
    /// <returns>Whether the values are numerically equal.</returns>
    public static bool operator ==(BFloat16 left, BFloat16 right) => (float)left == (float)right;

    /// <summary>IEEE inequality.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another value.</param>
    /// <returns>Whether the values are not numerically equal.</returns>
    public static bool operator !=(BFloat16 left, BFloat16 right) => !(left == right);

    /// <summary>Widens to <see cref="float"/> exactly.</summary>
    /// <returns>The value as a float.</returns>
    public float ToSingle() => this;

    /// <summary>Equality as for <see cref="Half.Equals(Half)"/>: numeric equality, and all NaNs are equal.</summary>
    /// <param name="other">Another value.</param>
    /// <returns>Whether the values are equal.</returns>
    public bool Equals(BFloat16 other) => this == other || (IsNaN(this) && IsNaN(other));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Consistent with Equals: every NaN hashes alike, and so do +0 and -0.
        if (IsNaN(this))
        {
            return NaN.Bits;
        }

        return (Bits & ~SignMask) == 0 ? 0 : Bits;
    }

    /// <summary>The value as the shortest invariant-culture text that round-trips its <see cref="float"/> widening, such as <c>0.100097656</c>, <c>NaN</c> or <c>-Infinity</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => ((float)this).ToString(CultureInfo.InvariantCulture);
}
