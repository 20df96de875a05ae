using System.Globalization;

namespace MLOps.Tracking;

/// <summary>
/// A typed run parameter value: a string, a 64-bit integer, a double or a boolean. Converts implicitly
/// from those types, so <c>run.LogParamAsync("lr", 0.01)</c> records a float. Two values are equal when
/// they have the same kind and the same value (doubles compare by bits, so NaN equals NaN).
/// Immutable and thread-safe; <c>default</c> is the empty string.
/// </summary>
public readonly struct ParamValue : IEquatable<ParamValue>
{
    private readonly string? _text;
    private readonly long _integer;
    private readonly double _float;

    private ParamValue(ParamKind kind, string? text, long integer, double number)
    {
        Kind = kind;
        _text = text;
        _integer = integer;
        _float = number;
    }

    /// <summary>The value's type.</summary>
    public ParamKind Kind { get; }

    /// <summary>The value as an object: a <see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="bool"/>.</summary>
    public object Value => Kind switch
    {
        ParamKind.Integer => _integer,
        ParamKind.Float => _float,
        ParamKind.Boolean => _integer != 0,
        _ => _text ?? string.Empty,
    };

    /// <summary>The numeric value of an integer, float or boolean (1 or 0); null for a string.</summary>
    public double? Number => Kind switch
    {
        ParamKind.Integer => _integer,
        ParamKind.Float => _float,
        ParamKind.Boolean => _integer,
        _ => null,
    };

    /// <summary>Creates a string value.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static ParamValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ParamKind.String, value, 0, 0);
    }

    /// <summary>Creates an integer value.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The value.</returns>
    public static ParamValue FromInt64(long value) => new(ParamKind.Integer, null, value, 0);

    /// <summary>Creates a float value.</summary>
    /// <param name="value">The double.</param>
    /// <returns>The value.</returns>
    public static ParamValue FromDouble(double value) => new(ParamKind.Float, null, 0, value);

    /// <summary>Creates a boolean value.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The value.</returns>
    public static ParamValue FromBoolean(bool value) => new(ParamKind.Boolean, null, value ? 1 : 0, 0);

    /// <summary>Converts a string.</summary>
    /// <param name="value">The text.</param>
    public static implicit operator ParamValue(string value) => FromString(value);

    /// <summary>Converts an integer.</summary>
    /// <param name="value">The integer.</param>
    public static implicit operator ParamValue(long value) => FromInt64(value);

    /// <summary>Converts an integer.</summary>
    /// <param name="value">The integer.</param>
    public static implicit operator ParamValue(int value) => FromInt64(value);

    /// <summary>Converts a double.</summary>
    /// <param name="value">The double.</param>
    public static implicit operator ParamValue(double value) => FromDouble(value);

    /// <summary>Converts a boolean.</summary>
    /// <param name="value">The boolean.</param>
    public static implicit operator ParamValue(bool value) => FromBoolean(value);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(ParamValue left, ParamValue right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(ParamValue left, ParamValue right) => !left.Equals(right);

    /// <summary>Restores a value from its kind and canonical text, as stored.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="text">The canonical text (<see cref="ToString"/>).</param>
    /// <returns>The value.</returns>
    /// <exception cref="CorruptException">The text is not a valid value of the kind.</exception>
    public static ParamValue Parse(ParamKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (kind)
        {
            case ParamKind.String:
                return FromString(text);
            case ParamKind.Integer when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                return FromInt64(integer);
            case ParamKind.Float when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return FromDouble(number);
            case ParamKind.Boolean when text is "true" or "false":
                return FromBoolean(string.Equals(text, "true", StringComparison.Ordinal));
            default:
                throw new CorruptException($"Stored param value '{TrackingNames.Shorten(text)}' is not a valid {kind} value.");
        }
    }

    /// <inheritdoc />
    public bool Equals(ParamValue other) => Kind == other.Kind && Kind switch
    {
        ParamKind.String => string.Equals(_text ?? string.Empty, other._text ?? string.Empty, StringComparison.Ordinal),
        ParamKind.Float => BitConverter.DoubleToInt64Bits(_float) == BitConverter.DoubleToInt64Bits(other._float),
        _ => _integer == other._integer,
    };

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ParamValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Kind switch
    {
        ParamKind.String => StringComparer.Ordinal.GetHashCode(_text ?? string.Empty),
        ParamKind.Float => BitConverter.DoubleToInt64Bits(_float).GetHashCode(),
        _ => _integer.GetHashCode(),
    });

    /// <summary>The canonical text: the string itself, an invariant integer, a round-trip double, <c>true</c>/<c>false</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        ParamKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        ParamKind.Float => _float.ToString("R", CultureInfo.InvariantCulture),
        ParamKind.Boolean => _integer != 0 ? "true" : "false",
        _ => _text ?? string.Empty,
    };

    /// <summary>
    /// A text key whose byte order is the value order: numbers (as doubles) first in numeric order, then
    /// strings in ordinal order. Ordering runs by a param uses it, so one column sorts mixed kinds.
    /// </summary>
    internal string SortKey()
    {
        if (Number is not { } number)
        {
            return "s" + (_text ?? string.Empty);
        }

        if (number == 0)
        {
            number = 0; // -0.0 and 0.0 sort together.
        }

        var bits = (ulong)BitConverter.DoubleToInt64Bits(number);
        var ordered = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
        return "n" + ordered.ToString("X16", CultureInfo.InvariantCulture);
    }
}
