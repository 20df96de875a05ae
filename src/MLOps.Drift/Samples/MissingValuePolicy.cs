namespace MLOps.Drift;

/// <summary>What the tests do with nulls, NaN and infinities.</summary>
public enum MissingValuePolicy
{
    /// <summary>Drop them from the test and count them in the result (the default).</summary>
    Drop,

    /// <summary>
    /// Categorical columns count them as the category <see cref="CategoricalSample.NullCategory"/>;
    /// numeric columns are tested on their finite values and, besides, on the shares of finite, null,
    /// NaN, +∞ and −∞ values (a chi-square test), so a change in missingness is drift too.
    /// </summary>
    Category,
}
