using System.Collections.ObjectModel;

namespace MLOps.Data;

/// <summary>
/// A table slice in columnar form: a <see cref="Data.Schema"/> and one <see cref="Data.Column"/> per
/// field, all of the same length. The exchange type between readers, writers, the feature store
/// and data versioning; its Arrow memory layout lets an Arrow adapter share buffers without copying.
/// </summary>
/// <remarks>Immutable and thread-safe to read. <see cref="Slice"/> and <see cref="Select(string[])"/> share buffers; <see cref="Concat"/> copies once.</remarks>
public sealed class RecordBatch
{
    private readonly Column[] _columns;

    /// <summary>Creates a batch from a schema and matching columns, which it shares rather than copies.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="columns">One column per field, in schema order, of the field's type and all of one length.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> or <paramref name="columns"/> is null.</exception>
    /// <exception cref="ValidationException">
    /// The column count differs from the field count, a column is null, a column's type differs from its
    /// field's, the lengths differ, or a non-nullable field's column has nulls. The message names the column.
    /// </exception>
    public RecordBatch(Schema schema, IReadOnlyList<Column> columns)
        : this(schema, Validate(schema, columns), -1)
    {
    }

    /// <summary>Wraps columns already known to match the schema.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="columns">The columns, owned by the batch from now on.</param>
    /// <param name="rowCount">The row count, or -1 to take the first column's length; only a batch without columns needs it.</param>
    private RecordBatch(Schema schema, Column[] columns, int rowCount)
    {
        Schema = schema;
        _columns = columns;
        RowCount = columns.Length > 0 ? columns[0].Length : Math.Max(rowCount, 0);
        Columns = new ReadOnlyCollection<Column>(columns);
    }

    /// <summary>The schema: one field per column.</summary>
    public Schema Schema { get; }

    /// <summary>The number of rows. A batch made by the constructor without columns has 0; one sliced or selected down to no columns keeps its row count.</summary>
    public int RowCount { get; }

    /// <summary>The number of columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<Column> Columns { get; }

    /// <summary>Concatenates batches with equal schemas, copying each column's values once into fresh buffers.</summary>
    /// <param name="batches">One or more batches.</param>
    /// <returns>A batch with the rows of each batch in turn; the batch itself when there is exactly one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batches"/> or one of its items is null.</exception>
    /// <exception cref="ValidationException">There are no batches, or a batch's schema differs from the first's.</exception>
    public static RecordBatch Concat(IEnumerable<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        RecordBatch[] list = [.. batches];
        if (list.Length == 0)
        {
            throw new ValidationException("Cannot concatenate an empty list of record batches: there is no schema to give the result.");
        }

        Schema schema = (list[0] ?? throw new ArgumentNullException(nameof(batches), "Record batch 0 is null.")).Schema;
        for (int i = 1; i < list.Length; i++)
        {
            RecordBatch batch = list[i] ?? throw new ArgumentNullException(nameof(batches), $"Record batch {i} is null.");
            if (!batch.Schema.Equals(schema))
            {
                throw new ValidationException($"Cannot concatenate record batch {i} with schema {batch.Schema} onto batches with schema {schema}.");
            }
        }

        if (list.Length == 1)
        {
            return list[0];
        }

        var columns = new Column[schema.Count];
        var parts = new Column[list.Length];
        for (int c = 0; c < columns.Length; c++)
        {
            for (int b = 0; b < list.Length; b++)
            {
                parts[b] = list[b]._columns[c];
            }

            columns[c] = Data.Column.Concat(parts);
        }

        long rows = list.Sum(batch => (long)batch.RowCount);
        return new RecordBatch(schema, columns, (int)Math.Min(rows, int.MaxValue));
    }

    /// <summary>Wraps columns the caller has already checked against the schema (types, lengths, nullability).</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="columns">The columns, owned by the batch from now on.</param>
    /// <param name="rowCount">The row count of a batch without columns; ignored otherwise.</param>
    /// <returns>The batch.</returns>
    internal static RecordBatch CreateUnchecked(Schema schema, Column[] columns, int rowCount) => new(schema, columns, rowCount);

    /// <summary>A batch with no rows.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>A batch with an empty column per field.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is null.</exception>
    public static RecordBatch Empty(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var columns = new Column[schema.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = ColumnBuilder.Create(schema[i].Type).Build();
        }

        return new RecordBatch(schema, columns, -1);
    }

    /// <summary>The column at a position.</summary>
    /// <param name="index">Zero-based column position.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the batch.</exception>
    public Column Column(int index)
    {
        if ((uint)index >= (uint)_columns.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The batch has {_columns.Length} columns.");
        }

        return _columns[index];
    }

    /// <summary>The column with a name.</summary>
    /// <param name="name">The column name (ordinal, case-sensitive).</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="NotFoundException">No column has that name; the message lists the columns there are.</exception>
    public Column Column(string name) => _columns[Schema.GetIndex(name)];

    /// <summary>The column with a name, as its concrete type.</summary>
    /// <typeparam name="TColumn">The expected column type, such as <see cref="Float64Column"/>.</typeparam>
    /// <param name="name">The column name (ordinal, case-sensitive).</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="NotFoundException">No column has that name.</exception>
    /// <exception cref="ValidationException">The column is of another type, e.g. "Column 'x' is Int64, not Float64."</exception>
    public TColumn Column<TColumn>(string name)
        where TColumn : Column
    {
        Column column = Column(name);
        return column as TColumn ?? throw WrongType(name, column, typeof(TColumn));
    }

    /// <summary>The column at a position, as its concrete type.</summary>
    /// <typeparam name="TColumn">The expected column type, such as <see cref="Float64Column"/>.</typeparam>
    /// <param name="index">Zero-based column position.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the batch.</exception>
    /// <exception cref="ValidationException">The column is of another type.</exception>
    public TColumn Column<TColumn>(int index)
        where TColumn : Column
    {
        Column column = Column(index);
        return column as TColumn ?? throw WrongType(Schema[index].Name, column, typeof(TColumn));
    }

    /// <summary>A zero-copy view of some rows.</summary>
    /// <param name="offset">The first row.</param>
    /// <param name="length">The number of rows.</param>
    /// <returns>A batch with the same schema sharing this batch's buffers.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the batch.</exception>
    public RecordBatch Slice(int offset, int length)
    {
        if (offset < 0 || length < 0 || (long)offset + length > RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Slice [{offset}, {offset}+{length}) is outside a record batch of {RowCount} rows.");
        }

        var columns = new Column[_columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = _columns[i].Slice(offset, length);
        }

        return new RecordBatch(Schema, columns, length);
    }

    /// <summary>A batch of some columns, in the order asked for, sharing their buffers.</summary>
    /// <param name="names">The column names.</param>
    /// <returns>The new batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> is null.</exception>
    /// <exception cref="NotFoundException">A name is not in the schema; the message lists the columns there are.</exception>
    /// <exception cref="ValidationException">A name is asked for twice.</exception>
    public RecordBatch Select(params string[] names) => Select((IEnumerable<string>)names);

    /// <summary>A batch of some columns, in the order asked for, sharing their buffers.</summary>
    /// <param name="names">The column names.</param>
    /// <returns>The new batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> is null.</exception>
    /// <exception cref="NotFoundException">A name is not in the schema; the message lists the columns there are.</exception>
    /// <exception cref="ValidationException">A name is asked for twice.</exception>
    public RecordBatch Select(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Schema schema = Schema.Select(names);
        var columns = new Column[schema.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = _columns[Schema.GetIndex(schema[i].Name)];
        }

        return new RecordBatch(schema, columns, RowCount);
    }

    /// <summary>Formats the batch as its row count and schema, such as <c>RecordBatch 3 rows (id: Int64 not null, name: String)</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"RecordBatch {RowCount} rows {Schema}";

    private static Column[] Validate(Schema schema, IReadOnlyList<Column> columnList)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columnList);
        Column[] columns = [.. columnList];
        if (columns.Length != schema.Count)
        {
            throw new ValidationException($"The schema {schema} has {schema.Count} fields but {columns.Length} columns were given.");
        }

        for (int i = 0; i < columns.Length; i++)
        {
            Field field = schema[i];
            Column column = columns[i] ?? throw new ValidationException($"Column '{field.Name}' (at {i}) is null.");
            if (column.Type != field.Type)
            {
                throw new ValidationException($"Column '{field.Name}' is declared {field.Type} but the column given is {column.Type}.");
            }

            if (column.Length != columns[0].Length)
            {
                throw new ValidationException(
                    $"Column '{field.Name}' has {column.Length} rows but column '{schema[0].Name}' has {columns[0].Length}; all columns of a batch must have the same length.");
            }

            if (!field.IsNullable && column.NullCount > 0)
            {
                throw new ValidationException($"Column '{field.Name}' is not nullable but has {column.NullCount} nulls.");
            }
        }

        return columns;
    }

    private static ValidationException WrongType(string name, Column column, Type expected)
    {
        string expectedName = expected.Name.EndsWith("Column", StringComparison.Ordinal) && !expected.IsGenericType
            ? expected.Name[..^"Column".Length]
            : expected.Name;
        return new ValidationException($"Column '{name}' is {column.Type}, not {expectedName}.");
    }
}
