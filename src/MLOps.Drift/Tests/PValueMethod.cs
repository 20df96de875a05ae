namespace MLOps.Drift;

/// <summary>How a p-value is (or is to be) computed.</summary>
public enum PValueMethod
{
    /// <summary>Chosen by sample size and ties as scipy's <c>method='auto'</c> does (an input only).</summary>
    Auto,

    /// <summary>The exact null distribution.</summary>
    Exact,

    /// <summary>A large-sample approximation.</summary>
    Asymptotic,

    /// <summary>Interpolated from a table of critical values (Anderson–Darling k-sample).</summary>
    Interpolated,

    /// <summary>A permutation test.</summary>
    Permutation,
}
