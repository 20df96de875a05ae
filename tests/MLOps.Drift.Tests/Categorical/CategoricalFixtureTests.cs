using System.Text.Json;
using MLOps.Drift.Tests.Fixtures;

namespace MLOps.Drift.Tests.Categorical;

public sealed class CategoricalFixtureTests
{
    private static CategoricalSample Sample(JsonElement counts) =>
        CategoricalSample.FromCounts(counts.EnumerateObject().Select(p => new KeyValuePair<string, long>(p.Name, p.Value.GetInt64())));

    [Fact]
    public void Chi_square_g_fisher_z_and_frequency_distances_match_scipy()
    {
        foreach (var c in ScipyFixtures.Categorical)
        {
            var name = c.GetProperty("name").GetString();
            var reference = Sample(c.GetProperty("reference"));
            var current = Sample(c.GetProperty("current"));
            var (_, a, b) = CategoricalSample.Align(reference, current);

            var (chi, chiP) = ScipyFixtures.Pair(c.GetProperty("chi_square"));
            var chiResult = ChiSquareTest.Compute(a, b);
            ScipyFixtures.Close(chi, chiResult.Statistic, $"{name} chi2", absolute: 1e-12);
            ScipyFixtures.Close(chiP, chiResult.PValue, $"{name} chi2 p", absolute: 1e-300);

            var (g, gP) = ScipyFixtures.Pair(c.GetProperty("g_test"));
            var gResult = GTest.Compute(a, b);
            ScipyFixtures.Close(g, gResult.Statistic, $"{name} G", absolute: 1e-12);
            ScipyFixtures.Close(gP, gResult.PValue, $"{name} G p", absolute: 1e-300);

            if (c.TryGetProperty("fisher_exact", out var fisher))
            {
                var (or, fisherP) = ScipyFixtures.Pair(fisher);
                var result = FisherExactTest.Compute(a[0], a[1], b[0], b[1]);
                ScipyFixtures.Close(or, result.Statistic, $"{name} odds ratio");
                ScipyFixtures.Close(fisherP, result.PValue, $"{name} fisher p");

                var (z, zP) = ScipyFixtures.Pair(c.GetProperty("z_test"));
                var zResult = TwoProportionZTest.Compute(a[1], a.Sum(), b[1], b.Sum());
                ScipyFixtures.Close(z, zResult.Statistic, $"{name} z");
                ScipyFixtures.Close(zP, zResult.PValue, $"{name} z p");
            }

            var distances = c.GetProperty("frequencies");
            foreach (var test in FrequencyTests())
            {
                var expected = ScipyFixtures.Number(distances.GetProperty(test.Name));
                ScipyFixtures.Close(expected, test.Evaluate(reference, current).Statistic, $"{name} {test.Name}", absolute: 1e-15);
            }
        }
    }

    [Fact]
    public void Binned_distances_on_numeric_columns_match_the_reference_computation()
    {
        foreach (var c in ScipyFixtures.Numeric)
        {
            var name = c.GetProperty("name").GetString();
            var reference = NumericSample.FromValues(FixtureSamples.Generate(c.GetProperty("reference")));
            var current = NumericSample.FromValues(FixtureSamples.Generate(c.GetProperty("current")));
            var edges = HistogramBins.FromReference(reference).Edges;
            var expectedEdges = c.GetProperty("quantile_edges").EnumerateArray().Select(ScipyFixtures.Number).ToArray();
            Assert.Equal(expectedEdges.Length, edges.Count);
            for (var i = 0; i < edges.Count; i++)
            {
                ScipyFixtures.Close(expectedEdges[i], edges[i], $"{name} quantile edge {i}", relative: 1e-12, absolute: 1e-15);
            }

            Assert.Equal(c.GetProperty("doane_edge_count").GetInt32(), HistogramBins.FromReference(reference, BinningStrategy.Doane).Edges.Count);
            foreach (var (binning, property) in new[] { (BinningStrategy.Quantile, "binned_quantile"), (BinningStrategy.Doane, "binned_doane") })
            {
                foreach (var test in FrequencyTests(binning))
                {
                    var expected = ScipyFixtures.Number(c.GetProperty(property).GetProperty(test.Name));
                    ScipyFixtures.Close(expected, test.Evaluate(reference, current).Statistic, $"{name} {binning} {test.Name}", absolute: 1e-15);
                }
            }
        }
    }

    private static FrequencyDistanceTest[] FrequencyTests(BinningStrategy binning = BinningStrategy.Quantile) =>
    [
        new JensenShannonDistance(binning: binning),
        new PopulationStabilityIndex(binning: binning),
        new KullbackLeiblerDivergence(binning: binning),
        new HellingerDistance(binning: binning),
        new TotalVariationDistance(binning: binning),
    ];
}
