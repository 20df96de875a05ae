using MLOps.Drift.Numerics;
using MLOps.Drift.Tests.Fixtures;

namespace MLOps.Drift.Tests.Numerics;

/// <summary>The distributions behind the p-values, point by point against scipy.</summary>
public sealed class DistributionFixtureTests
{
    [Fact]
    public void Kolmogorov_two_sided_sf_matches_scipy_kstwo_in_every_region()
    {
        foreach (var point in ScipyFixtures.Data.GetProperty("kstwo").EnumerateArray())
        {
            var n = point[0].GetInt32();
            var d = ScipyFixtures.Number(point[1]);
            var expected = ScipyFixtures.Number(point[2]);
            ScipyFixtures.Close(expected, KolmogorovDistribution.Sf(n, d), $"kstwo.sf({d:R}, {n})", absolute: 1e-300);
        }
    }

    [Fact]
    public void Normal_chi_square_and_t_survival_functions_match_scipy()
    {
        var special = ScipyFixtures.Data.GetProperty("special");
        foreach (var p in special.GetProperty("norm_sf").EnumerateArray())
        {
            ScipyFixtures.Close(ScipyFixtures.Number(p[1]), ProbabilityDistributions.NormalSf(ScipyFixtures.Number(p[0])), $"norm.sf({p[0]})", absolute: 1e-300);
        }

        foreach (var p in special.GetProperty("chi2_sf").EnumerateArray())
        {
            ScipyFixtures.Close(ScipyFixtures.Number(p[2]), ProbabilityDistributions.ChiSquareSf(ScipyFixtures.Number(p[1]), p[0].GetInt32()), $"chi2.sf({p[1]}, {p[0]})", absolute: 1e-300);
        }

        foreach (var p in special.GetProperty("t_sf").EnumerateArray())
        {
            ScipyFixtures.Close(ScipyFixtures.Number(p[2]), ProbabilityDistributions.StudentTSf(ScipyFixtures.Number(p[1]), ScipyFixtures.Number(p[0])), $"t.sf({p[1]}, {p[0]})", absolute: 1e-300);
        }
    }

    [Fact]
    public void Cramer_von_mises_limiting_cdf_matches_scipy()
    {
        foreach (var p in ScipyFixtures.Data.GetProperty("special").GetProperty("cvm_inf_cdf").EnumerateArray())
        {
            ScipyFixtures.Close(ScipyFixtures.Number(p[1]), CramerVonMisesDistribution.LimitingCdf(ScipyFixtures.Number(p[0])), $"cvm_inf_cdf({p[0]})");
        }
    }
}
