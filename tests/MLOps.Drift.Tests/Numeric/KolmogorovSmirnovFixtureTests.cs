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
                if (double.IsNaN(p))
                {
                    // Documented exception: scipy's asymptotic p is NaN for 1 vs 1 values; ours is the exact p.
                    Assert.Equal(KolmogorovSmirnovTest.Compute(reference, current, alternative, PValueMethod.Exact).PValue, result.PValue);
                    continue;
                }

                ScipyFixtures.Close(statistic, result.Statistic, what + " statistic");
                var scipyFellBack = entry.Value.GetArrayLength() > 2 && entry.Value[2].GetBoolean();
                if (entry.Value.GetArrayLength() > 3)
                {
                    // Exact lattice-path count with Python integers: ours must agree to 1e-9 relative, however small p is.
                    ScipyFixtures.Close(ScipyFixtures.Number(entry.Value[3]), result.PValue, what + " p-value vs exact integer count");
                }

                if (!scipyFellBack)
                {
                    // scipy's exact two-sided p for unequal sizes is 1 - P(inside), which loses digits below ~1e-7; ours sums exits directly.
                    ScipyFixtures.Close(p, result.PValue, what + " p-value", absolute: 1e-15);
                }
                else
                {
                    // Documented exception: scipy's exact count overflowed and it fell back to the asymptotic formula; we stay exact.
                    Assert.Equal(PValueMethod.Exact, result.Method);
                }
            }
        }
    }
}
