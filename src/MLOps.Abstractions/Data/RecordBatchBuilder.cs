namespace MLOps.Data;

/// <summary>
/// Builds a <see cref="RecordBatch"/> row by row (<see cref="AppendRow"/>) or column by column
/// (through the typed builders from <see cref="Column{TBuilder}(int)"/>), or both.
/// </summary>
/// <remarks>Not thread-safe. <see cref="Build"/> resets the builder so it can make the next batch of the same schema.</remarks>
public sealed class RecordBatchBuilder
{
    private readonly ColumnBuilder[] _builders;
    private int _rowsWithoutColumns;

    /// <summary>Creates an empty builder for a schema.</summary>
    /// <param name="schema">The schema of the batches to build.</param>
    /// <param name="capacity">Rows to allocate room for up front in each column; 0 (the default) allocates on first append.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public RecordBatchBuilder(Schema schema, int capacity = 0)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Schema = schema;
        _builders = new ColumnBuilder[schema.Count];
        for (int i = 0; i < _builders.Length; i++)
        {
            _builders[i] = ColumnBuilder.Create(schema[i].Type, capacity);
        }
    }

    /// <summary>The schema of the batches this builder makes.</summary>
    public Schema Schema { get; }

    /// <summary>The number of complete rows: the shortest column's length (all are equal when building by row).</summary>
    public int RowCount
    {
        get
        {
            if (_builders.Length == 0)
            {
                return _rowsWithoutColumns;
            }

            int rows = int.MaxValue;
            foreach (ColumnBuilder builder in _builders)
            {
                rows = Math.Min(rows, builder.Length);
            }

            return rows;
        }
    }

    /// <summary>The builder of a column, to append to it directly.</summary>
    /// <param name="index">Zero-based column position.</param>
    /// <returns>The column's builder, of the typed builder class for its field's type.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the schema.</exception>
    public ColumnBuilder Column(int index)
    {
        if ((uint)index >= (uint)_builders.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The schema has {_builders.Length} columns.");
        }

        return _builders[index];
    }

    /// <summary>The builder of a column, by name.</summary>
    /// <param name="name">The column name (ordinal, case-sensitive).</param>
    /// <returns>The column's builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="NotFoundException">No column has that name; the message lists the columns there are.</exception>
    public ColumnBuilder Column(string name) => _builders[Schema.GetIndex(name)];

    /// <summary>The typed builder of a column, for allocation-free appends.</summary>
    /// <typeparam name="TBuilder">The expected builder type, such as <see cref="Float64ColumnBuilder"/>.</typeparam>
    /// <param name="index">Zero-based column position.</param>
    /// <returns>The column's builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the schema.</exception>
    /// <exception cref="ValidationException">The column's builder is of another type; the message names the column and its type.</exception>
    public TBuilder Column<TBuilder>(int index)
        where TBuilder : ColumnBuilder
    {
        ColumnBuilder builder = Column(index);
        return builder as TBuilder
            ?? throw new ValidationException($"Column '{Schema[index].Name}' is {builder.Type}, built by {builder.GetType().Name}, not {typeof(TBuilder).Name}.");
    }

    /// <summary>The typed builder of a column, by name.</summary>
    /// <typeparam name="TBuilder">The expected builder type, such as <see cref="Float64ColumnBuilder"/>.</typeparam>
    /// <param name="name">The column name (ordinal, case-sensitive).</param>
    /// <returns>The column's builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="NotFoundException">No column has that name.</exception>
    /// <exception cref="ValidationException">The column's builder is of another type.</exception>
    public TBuilder Column<TBuilder>(string name)
        where TBuilder : ColumnBuilder => Column<TBuilder>(Schema.GetIndex(name));

    /// <summary>Appends one row of boxed values, converted as <see cref="ColumnBuilder.AppendValue"/> does.</summary>
    /// <param name="values">One value per column, in schema order; null for a null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ValidationException">
    /// The number of values differs from the number of columns, a value cannot be stored in its column,
    /// or a non-nullable column gets a null. The message names the column and row; nothing of the row is kept.
    /// </exception>
    public void AppendRow(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != _builders.Length)
        {
            throw new ValidationException($"Row {RowCount} has {values.Length} values but the schema {Schema} has {_builders.Length} columns.");
        }

        int row = RowCount;
        for (int i = 0; i < _builders.Length; i++)
        {
            try
            {
                object? value = values[i];
                if (value is null or DBNull && !Schema[i].IsNullable)
                {
                    throw new ValidationException("The column is not nullable.");
                }

                _builders[i].AppendValue(value);
            }
            catch (ValidationException ex)
            {
                // Undo the columns already appended, so a bad row leaves the builder as it was.
                for (int done = 0; done < i; done++)
                {
                    _builders[done].RemoveLast();
                }

                throw new ValidationException($"Row {row}, column '{Schema[i].Name}': {ex.Message}", ex);
            }
        }

        if (_builders.Length == 0)
        {
            _rowsWithoutColumns++;
        }
    }

    /// <summary>Makes a batch of the rows appended so far and resets the builder to empty.</summary>
    /// <returns>The batch, owning the builders' buffers (no copy).</returns>
    /// <exception cref="ValidationException">
    /// The columns have different lengths (when building by column), or a non-nullable column has nulls;
    /// the message names the column. The builder is left as it was.
    /// </exception>
    public RecordBatch Build()
    {
        for (int i = 0; i < _builders.Length; i++)
        {
            Field field = Schema[i];
            ColumnBuilder builder = _builders[i];
            if (builder.Length != _builders[0].Length)
            {
                throw new ValidationException(
                    $"Column '{field.Name}' has {builder.Length} rows but column '{Schema[0].Name}' has {_builders[0].Length}; all columns of a batch must have the same length.");
            }

            if (!field.IsNullable && builder.NullCount > 0)
            {
                throw new ValidationException($"Column '{field.Name}' is not nullable but has {builder.NullCount} nulls.");
            }
        }

        var columns = new Column[_builders.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = _builders[i].Build();
        }

        int rows = _rowsWithoutColumns;
        _rowsWithoutColumns = 0;
        return RecordBatch.CreateUnchecked(Schema, columns, rows);
    }
}
