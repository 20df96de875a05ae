using System.Globalization;
using System.Runtime.CompilerServices;

namespace MLOps.Storage.Csv;

/// <summary>
/// Allocation-free, culture-invariant parsing of integers and floating-point numbers straight from
/// UTF-8 field bytes. Results are always correctly rounded: the double fast path is only taken
/// where it is exact, and everything else goes to the runtime's parser.
/// </summary>
/// <remarks>
/// Accepted: an optional sign, digits, an optional fraction and exponent (floats), <c>NaN</c> and
/// <c>Infinity</c> (floats). Spaces and tabs around the number are tolerated. Thread-safe.
/// </remarks>
internal static class Utf8NumberParser
{
    private const NumberStyles FloatStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    // Mantissas up to 2^53 and powers of ten up to 10^22 are exact doubles, so one multiplication or
    // division of the two rounds correctly (Clinger's fast path).
    private const ulong MaxExactMantissa = 1UL << 53;
    private const int MaxExactPowerOf10 = 22;
    private const int MaxSignificantDigits = 19;

    // Digits a ulong mantissa holds without wrapping, counting leading zeros too.
    private const int MaxDigits = 19;

    private static readonly double[] s_exactPowersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a 64-bit signed integer; false when the text is not one or overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        TryParseInt64Exact(text, out value) || TryParseInt64Trimmed(text, out value);

    /// <summary>Parses a 32-bit signed integer; false when the text is not one or is out of range.</summary>
    public static bool TryParseInt32(ReadOnlySpan<byte> text, out int value)
    {
        if (TryParseInt64(text, out long wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Parses a double, correctly rounded; false when the text is not a number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value) =>
        TryParseDoubleFast(text, out value) || TryParseDoubleSlow(text, out value);

    /// <summary>Parses a float, correctly rounded (directly, not through a double, which could round twice).</summary>
    public static bool TryParseSingle(ReadOnlySpan<byte> text, out float value) =>
        float.TryParse(Utf8Text.TrimSpaces(text), FloatStyles, CultureInfo.InvariantCulture, out value);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseInt64Trimmed(ReadOnlySpan<byte> text, out long value)
    {
        ReadOnlySpan<byte> trimmed = Utf8Text.TrimSpaces(text);
        if (trimmed.Length == text.Length)
        {
            value = 0;
            return false;
        }

        return TryParseInt64Exact(trimmed, out value);
    }

    private static bool TryParseInt64Exact(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }

        int digitsStart = i;
        while (i < text.Length && text[i] == (byte)'0')
        {
            i++;
        }

        int significantStart = i;
        ulong magnitude = 0;
        while (i < text.Length)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            magnitude = (magnitude * 10) + digit;
            i++;
            if (i - significantStart > MaxSignificantDigits)
            {
                return false;
            }
        }

        if (i == digitsStart)
        {
            return false;
        }

        // 19 digits fit a ulong without wrapping; only the sign-dependent limit remains to check.
        ulong limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        if (magnitude > limit)
        {
            return false;
        }

        value = negative ? unchecked((long)(0 - magnitude)) : (long)magnitude;
        return true;
    }

    private static bool TryParseDoubleFast(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int length = text.Length;
        if (length == 0)
        {
            return false;
        }

        int i = 0;
        bool negative = false;
        byte c = text[0];
        if (c is (byte)'-' or (byte)'+')
        {
            negative = c == (byte)'-';
            i = 1;
        }

        // The loops accumulate without overflow checks; more than 19 digits in all (leading zeros
        // included) is rare and goes to the slow path below, so a wrapped mantissa is never used.
        ulong mantissa = 0;
        int digitsStart = i;
        uint digit;
        while (i < length && (digit = (uint)(text[i] - '0')) <= 9)
        {
            mantissa = (mantissa * 10) + digit;
            i++;
        }

        int digitCount = i - digitsStart;
        int exponent = 0;
        if (i < length && text[i] == (byte)'.')
        {
            i++;
            int fractionStart = i;
            while (i < length && (digit = (uint)(text[i] - '0')) <= 9)
            {
                mantissa = (mantissa * 10) + digit;
                i++;
            }

            exponent = fractionStart - i;
            digitCount += i - fractionStart;
        }

        if ((uint)(digitCount - 1) >= MaxDigits)
        {
            // No digits at all (not a number) or too many for the fast path.
            return false;
        }

        if (i < length)
        {
            if ((text[i] | 0x20) != (byte)'e' || !TryParseExponent(text[(i + 1)..], ref exponent))
            {
                return false;
            }
        }

        return TryScale(mantissa, exponent, negative, out value);
    }

    private static bool TryParseExponent(ReadOnlySpan<byte> text, ref int exponent)
    {
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }

        if (i == text.Length)
        {
            return false;
        }

        int magnitude = 0;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            // Saturate: any exponent this large leaves the fast path anyway.
            magnitude = magnitude >= 100_000 ? magnitude : (magnitude * 10) + (int)digit;
        }

        exponent += negative ? -magnitude : magnitude;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryScale(ulong mantissa, int exponent, bool negative, out double value)
    {
        double result;
        if (mantissa == 0)
        {
            result = 0;
        }
        else if (mantissa > MaxExactMantissa)
        {
            value = 0;
            return false;
        }
        else if ((uint)(exponent + MaxExactPowerOf10) <= 2 * MaxExactPowerOf10)
        {
            // Through long: the mantissa fits, and a signed conversion is one instruction where an unsigned one is several.
            double exact = (long)mantissa;
            result = exponent < 0 ? exact / s_exactPowersOf10[-exponent] : exact * s_exactPowersOf10[exponent];
        }
        else if (exponent > MaxExactPowerOf10 && exponent <= MaxExactPowerOf10 + 15
            && mantissa <= MaxExactMantissa / (ulong)s_exactPowersOf10[exponent - MaxExactPowerOf10])
        {
            // 12e30 is 12e8 * 1e22: the first factor is still an exact integer, so one rounding remains.
            result = mantissa * (ulong)s_exactPowersOf10[exponent - MaxExactPowerOf10] * s_exactPowersOf10[MaxExactPowerOf10];
        }
        else
        {
            value = 0;
            return false;
        }

        value = negative ? -result : result;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseDoubleSlow(ReadOnlySpan<byte> text, out double value)
    {
        ReadOnlySpan<byte> trimmed = Utf8Text.TrimSpaces(text);
        if (trimmed.Length != text.Length && TryParseDoubleFast(trimmed, out value))
        {
            return true;
        }

        return double.TryParse(trimmed, FloatStyles, CultureInfo.InvariantCulture, out value);
    }
}
