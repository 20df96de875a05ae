using MLOps.Tensors;

namespace MLOps.FeatureStore;

/// <summary>
/// The serving hook: turns an inference request's entity keys into the model input a feature service
/// describes — a float32 tensor [entities, features] in service order, read from the online store
/// (on-demand features included). A serving host calls it before running the model; the feature store
/// does not depend on the serving package. Thread-safe.
/// </summary>
public sealed class ModelInputAssembler
{
    private readonly FeatureRepository _store;

    /// <summary>Creates an assembler for one feature service.</summary>
    /// <param name="store">The feature store.</param>
    /// <param name="service">The feature service; every feature must be int64, float64 or bool.</param>
    /// <exception cref="ValidationException">A feature is a string, which has no float32 form.</exception>
    public ModelInputAssembler(FeatureRepository store, string service)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(service);
        var definition = store.Definitions.GetService(service);
        foreach (var feature in definition.Features)
        {
            if (store.Definitions.TypeOf(feature) == FeatureType.String)
            {
                throw new ValidationException($"Feature service '{service}' has string feature '{feature}', which cannot go into a float32 model input.");
            }
        }

        _store = store;
        Service = service;
        FeatureCount = definition.Features.Count;
    }

    /// <summary>The feature service.</summary>
    public string Service { get; }

    /// <summary>The number of features (the tensor's second dimension).</summary>
    public int FeatureCount { get; }

    /// <summary>The value written for a feature that is not present (not found, outside its TTL, or null). The default value is <see cref="float.NaN"/>.</summary>
    public float MissingValue { get; init; } = float.NaN;

    /// <summary>Reads the features of the entities and assembles the model input.</summary>
    /// <param name="entities">One dictionary of join key values (and request fields) per row.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A float32 tensor [entities, features].</returns>
    public async ValueTask<Tensor<float>> AssembleAsync(IReadOnlyList<IReadOnlyDictionary<string, object?>> entities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var online = await _store.GetOnlineFeaturesAsync(Service, entities, cancellationToken).ConfigureAwait(false);
        var data = new float[online.RowCount * FeatureCount];
        for (var r = 0; r < online.RowCount; r++)
        {
            for (var f = 0; f < FeatureCount; f++)
            {
                var value = online[r, f];
                data[(r * FeatureCount) + f] = value.Status != FeatureStatus.Present ? MissingValue : value.Value switch
                {
                    double d => (float)d,
                    long l => l,
                    bool b => b ? 1f : 0f,
                    _ => MissingValue,
                };
            }
        }

        return Tensor.Create(data, online.RowCount, FeatureCount);
    }
}
