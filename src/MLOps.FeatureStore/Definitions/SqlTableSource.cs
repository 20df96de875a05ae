using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using MLOps.Data;
using MLOps.Storage.Sql;

namespace MLOps.FeatureStore;

/// <summary>
/// A table (or view) in the workspace's database. Timestamp columns may hold microseconds since the
/// Unix epoch, database timestamps or ISO 8601 text. Read in batches of <see cref="BatchRows"/>.
/// </summary>
public sealed class SqlTableSource : FeatureSource
{
    /// <summary>Creates a SQL table source.</summary>
    /// <param name="name">The source's name.</param>
    /// <param name="table">The table name, as the database spells it (for example <c>sales_daily</c> or <c>analytics.sales_daily</c>).</param>
    /// <param name="timestampField">The event timestamp column.</param>
    /// <param name="createdTimestampField">The created timestamp column, or null.</param>
    public SqlTableSource(string name, string table, string timestampField, string? createdTimestampField = null)
        : base(name, timestampField, createdTimestampField)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        foreach (var c in table)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
            {
                throw new ValidationException($"Source '{name}': the table name '{table}' may hold only letters, digits, '_' and '.'.");
            }
        }

        Table = table;
    }

    /// <summary>The table name.</summary>
    public string Table { get; }

    /// <summary>Rows per batch. The default value is 65,536.</summary>
    public int BatchRows { get; init; } = 65_536;

    /// <inheritdoc />
    public override string Kind => "sql";

    /// <inheritdoc />
    public override string Location => Table;

    /// <inheritdoc />
    public override async IAsyncEnumerable<RecordBatch> ReadBatchesAsync(FeatureSourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workspace = context.RequireWorkspace(this);
        await using var connection = await workspace.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand("SELECT * FROM " + Table, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var schema = ReadSchema(reader, context);
        var builder = new RecordBatchBuilder(schema);
        var yielded = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < schema.Count; i++)
            {
                var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                builder.Column(i).AppendValue(Convert(value, schema[i].Type));
            }

            if (builder.RowCount >= BatchRows)
            {
                yield return builder.Build();
                yielded = true;
                builder = new RecordBatchBuilder(schema);
            }
        }

        if (builder.RowCount > 0 || !yielded)
        {
            yield return builder.Build();
        }
    }

    private Schema ReadSchema(DbDataReader reader, FeatureSourceContext context)
    {
        var fields = new List<Field>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i);
            DataType type;
            if (string.Equals(name, TimestampField, StringComparison.Ordinal) || string.Equals(name, CreatedTimestampField, StringComparison.Ordinal))
            {
                type = DataType.Timestamp;
            }
            else if (!context.ColumnTypes.TryGetValue(name, out type))
            {
                var clr = reader.GetFieldType(i);
                type = clr == typeof(double) || clr == typeof(float) || clr == typeof(decimal) ? DataType.Float64
                    : clr == typeof(bool) ? DataType.Boolean
                    : clr == typeof(long) || clr == typeof(int) || clr == typeof(short) ? DataType.Int64
                    : clr == typeof(DateTime) || clr == typeof(DateTimeOffset) ? DataType.Timestamp
                    : DataType.String;
            }

            fields.Add(new Field(name, type));
        }

        return new Schema(fields);
    }

    private static object? Convert(object? value, DataType type) => value switch
    {
        null => null,
        string text when type == DataType.Timestamp => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        string text when type == DataType.Int64 => long.Parse(text, CultureInfo.InvariantCulture),
        string text when type == DataType.Float64 => double.Parse(text, CultureInfo.InvariantCulture),
        long number when type == DataType.Boolean => number != 0,
        decimal number => (double)number,
        not string when type == DataType.String => System.Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => value,
    };
}
