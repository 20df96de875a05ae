namespace MLOps.Drift;

/// <summary>How a report adjusts the p-values of its hypothesis tests for testing many columns at once.</summary>
public enum MultipleTestingCorrection
{
    /// <summary>No adjustment (the default): each column at its own alpha.</summary>
    None,

    /// <summary>Bonferroni: p × m, capped at 1 (controls the family-wise error rate).</summary>
    Bonferroni,

    /// <summary>Benjamini–Hochberg step-up adjusted p-values (controls the false discovery rate).</summary>
    BenjaminiHochberg,
}
