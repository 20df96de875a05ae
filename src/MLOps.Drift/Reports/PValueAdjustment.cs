namespace MLOps.Drift;

/// <summary>Adjusted p-values for a family of tests.</summary>
public static class PValueAdjustment
{
    /// <summary>Adjusts p-values.</summary>
    /// <param name="pValues">The raw p-values, in [0, 1].</param>
    /// <param name="correction">The correction.</param>
    /// <returns>The adjusted p-values, in the same order.</returns>
    public static double[] Adjust(IReadOnlyList<double> pValues, MultipleTestingCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        int m = pValues.Count;
        var adjusted = new double[m];
        switch (correction)
        {
            case MultipleTestingCorrection.Bonferroni:
                for (int i = 0; i < m; i++)
                {
                    adjusted[i] = Math.Min(1.0, pValues[i] * m);
                }

                break;
            case MultipleTestingCorrection.BenjaminiHochberg:
                int[] order = [.. Enumerable.Range(0, m).OrderBy(i => pValues[i])];
                double running = 1.0;
                for (int rank = m; rank >= 1; rank--)
                {
                    int index = order[rank - 1];
                    running = Math.Min(running, pValues[index] * m / rank);
                    // Never below the raw p-value, even by the rounding of p·m/rank.
                    adjusted[index] = Math.Min(1.0, Math.Max(running, pValues[index]));
                }

                break;
            default:
                for (int i = 0; i < m; i++)
                {
                    adjusted[i] = pValues[i];
                }

                break;
        }

        return adjusted;
    }
}
