using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>
/// A complete set of definitions: entities, sources, feature views, on-demand feature views and
/// feature services, checked for consistency when built. What <see cref="FeatureRepository.ApplyAsync"/>
/// registers. Immutable once built.
/// </summary>
public sealed class FeatureDefinitions
{
    private readonly Dictionary<string, Entity> _entities;
    private readonly Dictionary<string, FeatureSource> _sources;
    private readonly Dictionary<string, FeatureView> _views;
    private readonly Dictionary<string, OnDemandFeatureView> _onDemand;
    private readonly Dictionary<string, FeatureService> _services;

    /// <summary>Creates and checks a set of definitions.</summary>
    /// <param name="entities">The entities.</param>
    /// <param name="views">The feature views (their sources are registered with them).</param>
    /// <param name="services">The feature services.</param>
    /// <param name="onDemandViews">The on-demand feature views, or null.</param>
    /// <exception cref="ValidationException">A name is used twice, a view names an entity not in the set, or a service or on-demand view names an unknown view or feature; the message names the item.</exception>
    public FeatureDefinitions(IEnumerable<Entity> entities, IEnumerable<FeatureView> views, IEnumerable<FeatureService>? services = null, IEnumerable<OnDemandFeatureView>? onDemandViews = null)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(views);
        _entities = Index(entities, e => e.Name, "entity");
        _views = Index(views, v => v.Name, "feature view");
        _onDemand = Index(onDemandViews ?? [], v => v.Name, "on-demand feature view");
        _services = Index(services ?? [], s => s.Name, "feature service");
        _sources = new Dictionary<string, FeatureSource>(StringComparer.Ordinal);
        foreach (var view in _views.Values)
        {
            if (_sources.TryGetValue(view.Source.Name, out var existing) && !ReferenceEquals(existing, view.Source))
            {
                throw new ValidationException($"Feature view '{view.Name}': two different sources are named '{view.Source.Name}'.");
            }

            _sources[view.Source.Name] = view.Source;
            foreach (var entity in view.Entities)
            {
                if (!_entities.TryGetValue(entity.Name, out var known) || !known.JoinKeys.SequenceEqual(entity.JoinKeys))
                {
                    throw new ValidationException($"Feature view '{view.Name}' names entity '{entity.Name}', which is not defined.");
                }
            }

            if (_onDemand.ContainsKey(view.Name))
            {
                throw new ValidationException($"The name '{view.Name}' is both a feature view and an on-demand feature view.");
            }
        }

        foreach (var odfv in _onDemand.Values)
        {
            foreach (var input in odfv.Inputs)
            {
                CheckFeature(input, $"On-demand feature view '{odfv.Name}'", allowOnDemand: false);
            }
        }

        foreach (var service in _services.Values)
        {
            foreach (var feature in service.Features)
            {
                CheckFeature(feature, $"Feature service '{service.Name}'", allowOnDemand: true);
            }
        }
    }

    /// <summary>The entities by name.</summary>
    public IReadOnlyDictionary<string, Entity> Entities => _entities;

    /// <summary>The sources by name.</summary>
    public IReadOnlyDictionary<string, FeatureSource> Sources => _sources;

    /// <summary>The feature views by name.</summary>
    public IReadOnlyDictionary<string, FeatureView> Views => _views;

    /// <summary>The on-demand feature views by name.</summary>
    public IReadOnlyDictionary<string, OnDemandFeatureView> OnDemandViews => _onDemand;

    /// <summary>The feature services by name.</summary>
    public IReadOnlyDictionary<string, FeatureService> Services => _services;

    /// <summary>An empty set.</summary>
    public static FeatureDefinitions Empty { get; } = new([], []);

    /// <summary>Finds a feature service.</summary>
    /// <param name="name">Its name.</param>
    /// <returns>The service.</returns>
    /// <exception cref="NotFoundException">No service has that name.</exception>
    public FeatureService GetService(string name) =>
        _services.TryGetValue(name, out var service) ? service : throw new NotFoundException($"There is no feature service '{name}'; known: {string.Join(", ", _services.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>The type of a referenced feature.</summary>
    /// <param name="reference">The feature.</param>
    /// <returns>Its type.</returns>
    public FeatureType TypeOf(FeatureReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        CheckFeature(reference, "The request", allowOnDemand: true);
        if (_views.TryGetValue(reference.View, out var view))
        {
            return view.Features[view.IndexOf(reference.Feature)].Type;
        }

        return _onDemand[reference.View].Outputs.First(o => string.Equals(o.Name, reference.Feature, StringComparison.Ordinal)).Type;
    }

    /// <summary>The column types the views over a source declare (timestamps, join keys, features), to read text sources without guessing.</summary>
    /// <param name="source">The source.</param>
    /// <returns>Types by column name.</returns>
    public IReadOnlyDictionary<string, DataType> ColumnTypesFor(FeatureSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var types = new Dictionary<string, DataType>(StringComparer.Ordinal) { [source.TimestampField] = DataType.Timestamp };
        if (source.CreatedTimestampField is { } created)
        {
            types[created] = DataType.Timestamp;
        }

        if (source.ValidToField is { } validTo)
        {
            types[validTo] = DataType.Timestamp;
        }

        foreach (var view in _views.Values.Where(v => ReferenceEquals(v.Source, source)))
        {
            foreach (var key in view.JoinKeys.Concat(view.Features).Where(f => f.Type == FeatureType.String))
            {
                types[key.Name] = DataType.String;
            }
        }

        return types;
    }

    internal void CheckFeature(FeatureReference reference, string who, bool allowOnDemand)
    {
        if (_views.TryGetValue(reference.View, out var view))
        {
            if (view.IndexOf(reference.Feature) < 0)
            {
                throw new ValidationException($"{who} names feature '{reference}', but view '{view.Name}' has no feature '{reference.Feature}'.");
            }

            return;
        }

        if (allowOnDemand && _onDemand.TryGetValue(reference.View, out var odfv))
        {
            if (!odfv.Outputs.Any(o => string.Equals(o.Name, reference.Feature, StringComparison.Ordinal)))
            {
                throw new ValidationException($"{who} names feature '{reference}', but on-demand view '{odfv.Name}' has no output '{reference.Feature}'.");
            }

            return;
        }

        throw new ValidationException($"{who} names feature '{reference}', but there is no feature view '{reference.View}'.");
    }

    private static Dictionary<string, T> Index<T>(IEnumerable<T> items, Func<T, string> name, string what)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item is null)
            {
                throw new ValidationException($"A null {what} was given.");
            }

            if (!result.TryAdd(name(item), item))
            {
                throw new ValidationException($"The {what} '{name(item)}' is defined twice.");
            }
        }

        return result;
    }
}
