namespace MLOps.FeatureStore;

/// <summary>One wide online row to write: a view's features for one entity key at one event time.</summary>
internal readonly record struct OnlineRow(string EntityKey, long EventTimestamp, long CreatedTimestamp, byte[] Payload);
