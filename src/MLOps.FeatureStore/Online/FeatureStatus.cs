namespace MLOps.FeatureStore;

/// <summary>What an online read found for one feature of one entity.</summary>
public enum FeatureStatus
{
    /// <summary>A value within the view's TTL.</summary>
    Present,

    /// <summary>The entity's row exists and is within the TTL, but this feature's value is null.</summary>
    NullValue,

    /// <summary>No row for the entity in this view.</summary>
    NotFound,

    /// <summary>The entity's row is older than the view's TTL at read time; its value is withheld.</summary>
    OutsideMaxAge,
}
