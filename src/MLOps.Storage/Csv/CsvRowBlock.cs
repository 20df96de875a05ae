namespace MLOps.Storage.Csv;

/// <summary>
/// The fields of a run of complete records, row-major, still pointing into the read buffer. Rows are
/// gathered first and then converted column by column, so each column's loop runs one type's code.
/// </summary>
/// <remarks>Reused from block to block. Not thread-safe.</remarks>
internal sealed class CsvRowBlock
{
    // Arrays start small and double up to RowCapacity, so a generous sample size costs nothing on small files.
    private const int InitialRows = 256;

    private CsvField[] _fields;
    private long[] _lines;

    public CsvRowBlock(int columnCount, int rowCapacity)
    {
        ColumnCount = columnCount;
        RowCapacity = rowCapacity;
        int rows = Math.Min(rowCapacity, InitialRows);
        _fields = new CsvField[checked(columnCount * rows)];
        _lines = new long[rows];
    }

    /// <summary>The buffer the fields point into; it changes when the buffer grows.</summary>
    public byte[] Data { get; set; } = [];

    public int ColumnCount { get; }

    public int RowCapacity { get; }

    public int RowCount { get; private set; }

    public bool IsFull => RowCount == RowCapacity;

    /// <summary>All stored fields, row-major: field <c>c</c> of row <c>r</c> is at <c>r * ColumnCount + c</c>.</summary>
    public CsvField[] Fields => _fields;

    /// <summary>The room for the next row's fields; the block must not be full.</summary>
    public Span<CsvField> NextRow
    {
        get
        {
            if (RowCount == _lines.Length)
            {
                Grow();
            }

            return _fields.AsSpan(RowCount * ColumnCount, ColumnCount);
        }
    }

    /// <summary>The 1-based line a row starts on.</summary>
    public long LineOf(int row) => _lines[row];

    /// <summary>Keeps the fields written to <see cref="NextRow"/> as a row starting on <paramref name="line"/>.</summary>
    public void Commit(long line) => _lines[RowCount++] = line;

    public void Clear() => RowCount = 0;

    private void Grow()
    {
        int rows = (int)Math.Min(RowCapacity, 2L * _lines.Length);
        Array.Resize(ref _lines, rows);
        Array.Resize(ref _fields, checked(rows * ColumnCount));
    }

    /// <summary>Moves every stored field <paramref name="shift"/> bytes towards the front, after the buffer moved its bytes.</summary>
    public void Shift(int shift)
    {
        if (shift == 0)
        {
            return;
        }

        Span<CsvField> fields = _fields.AsSpan(0, RowCount * ColumnCount);
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i].Start -= shift;
        }
    }
}
