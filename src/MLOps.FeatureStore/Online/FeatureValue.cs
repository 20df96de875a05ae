namespace MLOps.FeatureStore;

/// <summary>One feature of one entity from an online read.</summary>
/// <param name="Value">The value (<see cref="long"/>, <see cref="double"/>, <see cref="string"/> or <see cref="bool"/>), or null unless <see cref="Status"/> is <see cref="FeatureStatus.Present"/>.</param>
/// <param name="Status">What the read found.</param>
/// <param name="EventTimestamp">The event timestamp of the row the value came from, or null.</param>
public readonly record struct FeatureValue(object? Value, FeatureStatus Status, DateTimeOffset? EventTimestamp);
