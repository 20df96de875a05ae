using System.Globalization;

namespace MLOps.Data;

/// <summary>
/// Builds a <see cref="Column"/> by appending values. Growable: buffers double as needed. The typed
/// builders (<see cref="Int64ColumnBuilder"/> and the rest) add non-virtual <c>Append</c> methods for
/// hot loops; <see cref="AppendValue"/> is the boxed, converting path.
/// </summary>
/// <remarks>
/// Not thread-safe. <see cref="Build"/> hands the buffers to the column without copying and resets
/// the builder, so it can be reused for the next column.
/// </remarks>
public abstract class ColumnBuilder
{
    /// <summary>Initialises the builder's type.</summary>
    /// <param name="type">The type of the columns it builds.</param>
    private protected ColumnBuilder(DataType type)
    {
        Type = type;
    }

    /// <summary>The type of the columns this builder makes.</summary>
    public DataType Type { get; }

    /// <summary>The number of rows appended since the last <see cref="Build"/>.</summary>
    public abstract int Length { get; }

    /// <summary>The number of null rows appended since the last <see cref="Build"/>.</summary>
    public abstract int NullCount { get; }

    /// <summary>Creates an empty builder for a type.</summary>
    /// <param name="type">The column type.</param>
    /// <param name="capacity">Rows to allocate room for up front; 0 (the default) allocates on first append.</param>
    /// <returns>The typed builder for <paramref name="type"/>, such as an <see cref="Int64ColumnBuilder"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    /// <exception cref="ValidationException"><paramref name="type"/> is not a defined <see cref="DataType"/>.</exception>
    public static ColumnBuilder Create(DataType type, int capacity = 0) => type switch
    {
        DataType.Boolean => new BooleanColumnBuilder(capacity),
        DataType.Int32 => new Int32ColumnBuilder(capacity),
        DataType.Int64 => new Int64ColumnBuilder(capacity),
        DataType.Float32 => new Float32ColumnBuilder(capacity),
        DataType.Float64 => new Float64ColumnBuilder(capacity),
        DataType.String => new StringColumnBuilder(capacity),
        DataType.Timestamp => new TimestampColumnBuilder(capacity),
        _ => throw new ValidationException($"Unknown data type ({(int)type}); cannot build a column of it."),
    };

    /// <summary>Appends a null row.</summary>
    public abstract void AppendNull();

    /// <summary>Appends a boxed value, converting it to the column type when the conversion keeps its meaning.</summary>
    /// <param name="value">
    /// The value; null or <see cref="DBNull"/> appends a null. Integers convert to any integer column
    /// they fit; integers, decimals and floating-point numbers convert to floating-point columns
    /// (rounding to the nearest representable value); a <see cref="DateTimeOffset"/>, a
    /// <see cref="DateTime"/> (unspecified kind taken as UTC) or integer microseconds convert to
    /// timestamps; strings and chars go to string columns; only <see cref="bool"/> goes to Boolean columns.
    /// </param>
    /// <exception cref="ValidationException">The value's type cannot be stored in this column, or the value is out of range.</exception>
    public abstract void AppendValue(object? value);

    /// <summary>Makes a column of the rows appended so far and resets the builder to empty.</summary>
    /// <returns>The column, owning the builder's buffers (no copy).</returns>
    public abstract Column Build();

    /// <summary>Forgets the last row appended; lets a row builder undo a row that failed part-way.</summary>
    internal abstract void RemoveLast();

    /// <summary>The error for a value that cannot go into this column.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The exception to throw.</returns>
    private protected ValidationException Incompatible(object value) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Cannot store {value} ({value.GetType().Name}) in a column of type {Type}."));
}
