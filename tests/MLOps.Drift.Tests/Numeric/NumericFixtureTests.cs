using System.Text.Json;
using MLOps.Drift.Tests.Fixtures;

namespace MLOps.Drift.Tests.Numeric;

/// <summary>Every numeric test against scipy 1.10 on the committed fixture cases.</summary>
public sealed class NumericFixtureTests
{
    private static IEnumerable<(string Name, double[] Reference, double[] Current, JsonElement Case)> Cases() =>
        ScipyFixtures.Numeric.Select(c => (c.GetProperty("name").GetString()!, FixtureSamples.Generate(c.GetProperty("reference")), FixtureSamples.Generate(c.GetProperty("current")), c));

    [Fact]
    public void Mann_whitney_matches_scipy()
    {
        foreach (var (name, reference, current, c) in Cases())
        {
            foreach (var entry in c.GetProperty("mann_whitney").EnumerateObject())
            {
                var alternative = entry.Name switch { "less" => Alternative.Less, "greater" => Alternative.Greater, _ => Alternative.TwoSided };
                var (u, p) = ScipyFixtures.Pair(entry.Value);
                var result = MannWhitneyUTest.Compute(reference, current, alternative);
                ScipyFixtures.Close(u, result.Statistic, $"{name} mann_whitney {entry.Name} U");
                ScipyFixtures.Close(p, result.PValue, $"{name} mann_whitney {entry.Name} p-value", absolute: 1e-15);
            }
        }
    }

    [Fact]
    public void Cramer_von_mises_matches_scipy()
    {
        foreach (var (name, reference, current, c) in Cases())
        {
            if (!c.TryGetProperty("cramer_von_mises", out var expected))
            {
                Assert.Throws<ValidationException>(() => CramerVonMisesTest.Compute(reference, current));
                continue;
            }

            var (t, p) = ScipyFixtures.Pair(expected);
            var result = CramerVonMisesTest.Compute(reference, current);
            ScipyFixtures.Close(t, result.Statistic, $"{name} cvm T");
            // scipy returns 1 - F(T) for the asymptotic p, so its p carries ~1e-15 absolute error; compared to 1e-14 absolute (documented).
            ScipyFixtures.Close(p, result.PValue, $"{name} cvm p-value", absolute: 1e-14);
        }
    }

    [Fact]
    public void Anderson_darling_matches_scipy_including_its_caps()
    {
        foreach (var (name, reference, current, c) in Cases())
        {
            if (!c.TryGetProperty("anderson", out var expected))
            {
                continue;
            }

            var (a, p) = ScipyFixtures.Pair(expected);
            var result = AndersonDarlingTest.Compute(reference, current);
            ScipyFixtures.Close(a, result.Statistic, $"{name} anderson statistic");
            ScipyFixtures.Close(p, result.PValue, $"{name} anderson p-value");
        }
    }

    [Fact]
    public void Welch_t_test_matches_scipy()
    {
        foreach (var (name, reference, current, c) in Cases())
        {
            if (!c.TryGetProperty("t_test", out var expected))
            {
                continue;
            }

            var (t, p) = ScipyFixtures.Pair(expected);
            var result = WelchTTest.Compute(reference, current);
            ScipyFixtures.Close(t, result.Statistic, $"{name} t statistic");
            ScipyFixtures.Close(p, result.PValue, $"{name} t p-value", absolute: 1e-300);
            ScipyFixtures.Close(ScipyFixtures.Number(c.GetProperty("t_test_less")), WelchTTest.Compute(reference, current, Alternative.Less).PValue, $"{name} t less p-value", absolute: 1e-300);
            ScipyFixtures.Close(ScipyFixtures.Number(c.GetProperty("t_test_greater")), WelchTTest.Compute(reference, current, Alternative.Greater).PValue, $"{name} t greater p-value", absolute: 1e-300);
        }
    }

    [Fact]
    public void Wasserstein_and_energy_match_scipy()
    {
        foreach (var (name, reference, current, c) in Cases())
        {
            ScipyFixtures.Close(ScipyFixtures.Number(c.GetProperty("wasserstein")), WassersteinDistance.Compute(reference, current), $"{name} wasserstein");
            ScipyFixtures.Close(ScipyFixtures.Number(c.GetProperty("energy")), EnergyDistance.Compute(reference, current), $"{name} energy");
            var normalized = new WassersteinDistance().Evaluate(NumericSample.FromValues(reference), NumericSample.FromValues(current));
            var std = ScipyFixtures.Number(c.GetProperty("reference_std"));
            if (std > 0)
            {
                ScipyFixtures.Close(ScipyFixtures.Number(c.GetProperty("wasserstein")) / std, normalized.Statistic, $"{name} normalized wasserstein");
            }
        }
    }
}
