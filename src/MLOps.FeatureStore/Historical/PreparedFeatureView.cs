using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>A view's source rows read, checked and indexed for point-in-time lookups.</summary>
internal sealed class PreparedFeatureView
{
    private PreparedFeatureView(FeatureView view, RecordBatch data, FeatureIndex index)
    {
        View = view;
        Data = data;
        Index = index;
    }

    public FeatureView View { get; }

    public RecordBatch Data { get; }

    public FeatureIndex Index { get; }

    public static async Task<PreparedFeatureView> PrepareAsync(FeatureView view, FeatureSourceContext context, CancellationToken cancellationToken)
    {
        var data = await view.Source.ReadAllAsync(context, cancellationToken).ConfigureAwait(false);
        return Prepare(view, data);
    }

    public static PreparedFeatureView Prepare(FeatureView view, RecordBatch data)
    {
        SourceSchemaCheck.Check(view, data.Schema);
        var source = view.Source;
        var keyColumns = view.JoinKeys.Select(k => data.Column(k.Name)).ToList();
        var keys = JoinKeys.Read(keyColumns, JoinKeys.CanUseIntegers(keyColumns) && view.JoinKeys[0].Type == FeatureType.Int64);
        var created = source.CreatedTimestampField is { } c ? data.Column<TimestampColumn>(c) : null;
        var validTo = source.ValidToField is { } v ? data.Column<TimestampColumn>(v) : null;
        var index = FeatureIndex.Build(keys, data.Column<TimestampColumn>(source.TimestampField), created, validTo);
        return new PreparedFeatureView(view, data, index);
    }

    /// <summary>Matches entity rows against this view; the entity rows must hold the view's join keys.</summary>
    public int[] Match(RecordBatch entityRows, TimestampColumn entityTimestamps)
    {
        var keyColumns = new List<Column>(View.JoinKeys.Count);
        foreach (var key in View.JoinKeys)
        {
            var index = entityRows.Schema.IndexOf(key.Name);
            if (index < 0)
            {
                throw new ValidationException($"The entity rows have no column '{key.Name}', the join key of feature view '{View.Name}'; their columns are {string.Join(", ", entityRows.Schema.Select(f => f.Name))}.");
            }

            keyColumns.Add(entityRows.Column(index));
        }

        var integers = Index.IntegerKeys && JoinKeys.CanUseIntegers(keyColumns);
        if (Index.IntegerKeys && !integers)
        {
            keyColumns = [ToInt64(keyColumns[0], View)];
            integers = true;
        }

        var keys = JoinKeys.Read(keyColumns, integers);
        var ttl = View.Source.ValidToField is null ? (long)(View.Ttl.Ticks / TimeSpan.TicksPerMicrosecond) : 0;
        return AsOfMatcher.Match(Index, keys, entityTimestamps, ttl);
    }

    private static Int64Column ToInt64(Column column, FeatureView view)
    {
        var builder = new Int64ColumnBuilder(column.Length);
        for (var i = 0; i < column.Length; i++)
        {
            var value = column.GetValue(i);
            if (value is null)
            {
                builder.AppendNull();
            }
            else if (long.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                builder.Append(parsed);
            }
            else
            {
                throw new ValidationException($"Entity row {i}: the join key '{view.JoinKeys[0].Name}' of feature view '{view.Name}' is int64, but the row holds '{value}'.");
            }
        }

        return builder.Build();
    }
}
