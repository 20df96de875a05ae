namespace MLOps.Data;

/// <summary>Concatenates columns of one type into fresh buffers, copying each value once.</summary>
internal static class ColumnConcatenation
{
    public static Column Concat(IReadOnlyList<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ValidationException("Cannot concatenate an empty list of columns: there is no type to give the result.");
        }

        DataType type = CheckColumns(columns, out int length, out int nullCount);
        ReadOnlyMemory<byte> validity = nullCount == 0 ? ReadOnlyMemory<byte>.Empty : ConcatValidity(columns, length);
        return type switch
        {
            DataType.Boolean => new BooleanColumn(ConcatBooleans(columns, length), 0, length, validity, 0, nullCount),
            DataType.Int32 => new Int32Column(ConcatValues<int>(columns, length), validity, 0, nullCount),
            DataType.Int64 => new Int64Column(ConcatValues<long>(columns, length), validity, 0, nullCount),
            DataType.Float32 => new Float32Column(ConcatValues<float>(columns, length), validity, 0, nullCount),
            DataType.Float64 => new Float64Column(ConcatValues<double>(columns, length), validity, 0, nullCount),
            DataType.Timestamp => new TimestampColumn(ConcatValues<long>(columns, length), validity, 0, nullCount),
            _ => ConcatStrings(columns, length, validity, nullCount),
        };
    }

    private static DataType CheckColumns(IReadOnlyList<Column> columns, out int length, out int nullCount)
    {
        DataType type = default;
        long total = 0;
        nullCount = 0;
        for (int i = 0; i < columns.Count; i++)
        {
            Column column = columns[i] ?? throw new ArgumentNullException(nameof(columns), $"Column {i} of the list to concatenate is null.");
            if (i == 0)
            {
                type = column.Type;
            }
            else if (column.Type != type)
            {
                throw new ValidationException($"Cannot concatenate a {column.Type} column (at {i}) onto {type} columns; all must have the same type.");
            }

            total += column.Length;
            nullCount += column.NullCount;
        }

        if (total > Array.MaxLength)
        {
            throw new ValidationException($"Concatenated column would have {total} rows; the limit is {Array.MaxLength}.");
        }

        length = (int)total;
        return type;
    }

    private static ReadOnlyMemory<byte> ConcatValidity(IReadOnlyList<Column> columns, int length)
    {
        var bits = new byte[Bitmap.ByteCount(length)];
        int position = 0;
        foreach (Column column in columns)
        {
            if (column.ValidityBitmap.IsEmpty)
            {
                Bitmap.SetRange(bits, position, column.Length);
            }
            else
            {
                Bitmap.Copy(column.ValidityBitmap.Span, column.ValidityOffset, bits, position, column.Length);
            }

            position += column.Length;
        }

        return bits;
    }

    private static ReadOnlyMemory<T> ConcatValues<T>(IReadOnlyList<Column> columns, int length)
        where T : unmanaged
    {
        var values = new T[length];
        int position = 0;
        foreach (Column column in columns)
        {
            ReadOnlySpan<T> source = ((PrimitiveColumn<T>)column).Values;
            source.CopyTo(values.AsSpan(position));
            position += source.Length;
        }

        return values;
    }

    private static ReadOnlyMemory<byte> ConcatBooleans(IReadOnlyList<Column> columns, int length)
    {
        var bits = new byte[Bitmap.ByteCount(length)];
        int position = 0;
        foreach (Column column in columns)
        {
            var booleans = (BooleanColumn)column;
            Bitmap.Copy(booleans.ValueBits.Span, booleans.ValueOffset, bits, position, booleans.Length);
            position += booleans.Length;
        }

        return bits;
    }

    private static StringColumn ConcatStrings(IReadOnlyList<Column> columns, int length, ReadOnlyMemory<byte> validity, int nullCount)
    {
        long totalBytes = 0;
        foreach (Column column in columns)
        {
            ReadOnlySpan<int> offsets = ((StringColumn)column).Offsets.Span;
            totalBytes += offsets[^1] - offsets[0];
        }

        if (totalBytes > Array.MaxLength)
        {
            throw new ValidationException($"Concatenated String column would hold {totalBytes} bytes of UTF-8; the limit is {Array.MaxLength}.");
        }

        var data = new byte[totalBytes];
        var newOffsets = new int[length + 1];
        int row = 0;
        int dataPosition = 0;
        foreach (Column column in columns)
        {
            var strings = (StringColumn)column;
            ReadOnlySpan<int> offsets = strings.Offsets.Span;
            int first = offsets[0];
            int byteCount = offsets[^1] - first;
            strings.Data.Span.Slice(first, byteCount).CopyTo(data.AsSpan(dataPosition));

            // Rebase each slice's offsets from its position in the shared buffer to its position in the new one.
            int shift = dataPosition - first;
            for (int i = 0; i < strings.Length; i++)
            {
                newOffsets[row + i] = offsets[i] + shift;
            }

            row += strings.Length;
            dataPosition += byteCount;
        }

        newOffsets[length] = dataPosition;
        return new StringColumn(newOffsets, data, validity, 0, nullCount);
    }
}
