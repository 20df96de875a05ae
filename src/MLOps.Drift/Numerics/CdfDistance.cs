namespace MLOps.Drift.Numerics;

/// <summary>∫ |F − G|^p dx between two empirical CDFs (p = 1 or 2), by one merge of the sorted samples.</summary>
internal static class CdfDistance
{
    /// <summary>∫ |F − G| dx, or ∫ (F − G)² dx when <paramref name="squared"/>.</summary>
    public static double Integrate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string test, bool squared)
    {
        SampleInput.RequireSize(x.Length, 1, test, "reference");
        SampleInput.RequireSize(y.Length, 1, test, "current");
        var sum = default(CompensatedSum);
        var groups = new PooledRanks(x, y);
        bool first = true;
        double previous = 0, fx = 0, fy = 0;
        while (groups.MoveNext())
        {
            if (!first)
            {
                double diff = Math.Abs(fx - fy);
                double width = groups.Value - previous;
                sum.Add((squared ? diff * diff : diff) * width);
            }

            first = false;
            previous = groups.Value;
            fx = (double)(groups.XBefore + groups.XCount) / x.Length;
            fy = (double)(groups.YBefore + groups.YCount) / y.Length;
        }

        return sum.Value;
    }
}
