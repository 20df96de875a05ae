namespace MLOps.FeatureStore;

/// <summary>What an apply changes (or, from a plan, would change), each item written <c>kind:name</c> (kinds: entity, source, feature_view, on_demand_feature_view, feature_service).</summary>
/// <param name="Added">Definitions not in the registry.</param>
/// <param name="Changed">Definitions whose spec differs from the registry's current version.</param>
/// <param name="Removed">Definitions in the registry but not in the new set.</param>
/// <param name="Unchanged">Definitions identical to the registry's.</param>
/// <param name="Version">The registry version this apply wrote (or a plan would write).</param>
public sealed record FeaturePlan(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed, IReadOnlyList<string> Unchanged, long Version)
{
    /// <summary>Whether applying changes nothing.</summary>
    public bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Removed.Count == 0;
}
