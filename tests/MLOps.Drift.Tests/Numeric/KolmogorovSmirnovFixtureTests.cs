using MLOps.Drift.Tests.Fixtures;

namespace MLOps.Drift.Tests.Numeric;

public sealed class KolmogorovSmirnovFixtureTests
{
    [Fact]
    public void Statistic_and_p_value_match_scipy_for_every_alternative_and_method()
    {
        foreach (var c in ScipyFixtures.Numeric)
        {
            var reference = FixtureSamples.Generate(c.GetProperty("reference"));
            var current = FixtureSamples.Generate(c.GetProperty("current"));
            foreach (var entry in c.GetProperty("ks").EnumerateObject())
            {
                var parts = entry.Name.Split('/');
                var alternative = parts[0] switch { "less" => Alternative.Less, "greater" => Alternative.Greater, _ => Alternative.TwoSided };
                var method = parts[1] switch { "exact" => PValueMethod.Exact, "asymp" => PValueMethod.Asymptotic, _ => PValueMethod.Auto };
                var (statistic, p) = ScipyFixtures.Pair(entry.Value);
                var result = KolmogorovSmirnovTest.Compute(reference, current, alternative, method);
                var what = $"{c.GetProperty("name").GetString()} ks {entry.Name}";
                ScipyFixtures.Close(statistic, result.Statistic, what + " statistic");

                // scipy's exact two-sided p for unequal sizes is 1 - P(inside), which loses digits below ~1e-7; ours sums exits directly.
                ScipyFixtures.Close(p, result.PValue, what + " p-value", absolute: 1e-15);
            }
        }
    }
}
