using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>
/// Point-in-time correct retrieval: prepares (reads, checks, indexes) each view the request needs, in
/// parallel, then joins entity rows chunk by chunk, every view of a chunk in parallel. The output has
/// one row per entity row, in input order: the entity columns, then one <c>VIEW__FEATURE</c> column per
/// requested feature.
/// </summary>
internal sealed class HistoricalRetrieval
{
    private readonly FeatureDefinitions _definitions;
    private readonly IReadOnlyList<FeatureReference> _features;
    private readonly HistoricalRetrievalOptions _options;
    private readonly Dictionary<string, PreparedFeatureView> _prepared;

    private HistoricalRetrieval(FeatureDefinitions definitions, IReadOnlyList<FeatureReference> features, HistoricalRetrievalOptions options, Dictionary<string, PreparedFeatureView> prepared)
    {
        _definitions = definitions;
        _features = features;
        _options = options;
        _prepared = prepared;
    }

    public static async Task<HistoricalRetrieval> PrepareAsync(
        FeatureDefinitions definitions, IReadOnlyList<FeatureReference> features, Func<FeatureSource, FeatureSourceContext> contexts, HistoricalRetrievalOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        if (features.Count == 0)
        {
            throw new ValidationException("Historical retrieval needs at least one feature.");
        }

        var viewNames = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var feature in features)
        {
            definitions.CheckFeature(feature, "The request", allowOnDemand: true);
            if (definitions.OnDemandViews.TryGetValue(feature.View, out var odfv))
            {
                viewNames.UnionWith(odfv.Inputs.Select(i => i.View));
            }
            else
            {
                viewNames.Add(feature.View);
            }
        }

        var tasks = viewNames.Select(name => Task.Run(
            () => PreparedFeatureView.PrepareAsync(definitions.Views[name], contexts(definitions.Views[name].Source), cancellationToken), cancellationToken)).ToList();
        var prepared = await Task.WhenAll(tasks).ConfigureAwait(false);
        return new HistoricalRetrieval(definitions, features, options, prepared.ToDictionary(p => p.View.Name, StringComparer.Ordinal));
    }

    /// <summary>Joins one chunk of entity rows.</summary>
    public RecordBatch Join(RecordBatch entityRows)
    {
        var tsIndex = entityRows.Schema.IndexOf(_options.EntityTimestampColumn);
        if (tsIndex < 0)
        {
            throw new ValidationException($"The entity rows have no timestamp column '{_options.EntityTimestampColumn}'; their columns are {string.Join(", ", entityRows.Schema.Select(f => f.Name))}.");
        }

        if (entityRows.Column(tsIndex) is not TimestampColumn timestamps)
        {
            throw new ValidationException($"The entity rows' column '{_options.EntityTimestampColumn}' holds {entityRows.Column(tsIndex).Type} values, not timestamps.");
        }

        // Every feature a view must supply: the requested ones and the inputs of on-demand views.
        var needed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var feature in _features.Concat(_features.Where(f => _definitions.OnDemandViews.ContainsKey(f.View)).SelectMany(f => _definitions.OnDemandViews[f.View].Inputs)))
        {
            if (_prepared.ContainsKey(feature.View))
            {
                if (!needed.TryGetValue(feature.View, out var set))
                {
                    needed[feature.View] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(feature.Feature);
            }
        }

        var columns = new System.Collections.Concurrent.ConcurrentDictionary<FeatureReference, Column>();
        Parallel.ForEach(needed, pair =>
        {
            var prepared = _prepared[pair.Key];
            var match = prepared.Match(entityRows, timestamps);
            foreach (var name in pair.Value)
            {
                var feature = prepared.View.Features[prepared.View.IndexOf(name)];
                columns[new FeatureReference(pair.Key, name)] = ColumnGather.Gather(prepared.Data.Column(name), feature.Type, match);
            }
        });

        foreach (var odfv in _features.Select(f => f.View).Distinct(StringComparer.Ordinal).Where(_definitions.OnDemandViews.ContainsKey).Select(v => _definitions.OnDemandViews[v]))
        {
            foreach (var (reference, column) in OnDemandExecutor.Run(odfv, entityRows, columns))
            {
                columns[reference] = column;
            }
        }

        var fields = new List<Field>(entityRows.Schema);
        var output = new List<Column>(entityRows.Columns);
        foreach (var feature in _features)
        {
            var name = feature.ColumnName;
            if (fields.Exists(f => string.Equals(f.Name, name, StringComparison.Ordinal)))
            {
                throw new ValidationException($"The output column '{name}' is requested twice or clashes with an entity column.");
            }

            var column = columns[feature];
            fields.Add(new Field(name, column.Type));
            output.Add(column);
        }

        return new RecordBatch(new Schema(fields), output);
    }
}
