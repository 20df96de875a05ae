namespace MLOps.FeatureStore;

/// <summary>One registered definition, as listed by <see cref="FeatureRepository.ListAsync"/>.</summary>
/// <param name="Kind">The kind (entity, source, feature_view, on_demand_feature_view, feature_service).</param>
/// <param name="Name">The name.</param>
/// <param name="Version">The registry version that last changed it.</param>
/// <param name="Spec">Its canonical JSON.</param>
/// <param name="AppliedAt">When that version was applied.</param>
public sealed record RegisteredDefinition(string Kind, string Name, long Version, string Spec, DateTimeOffset AppliedAt);
