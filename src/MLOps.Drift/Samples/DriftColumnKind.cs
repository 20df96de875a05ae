namespace MLOps.Drift;

/// <summary>How a column is tested.</summary>
public enum DriftColumnKind
{
    /// <summary>Ordered numbers: distribution tests and distances on the finite values.</summary>
    Numeric,

    /// <summary>Unordered categories: frequency tests and distances over the union of categories.</summary>
    Categorical,
}
