using FsCheck;
using FsCheck.Fluent;
using MLOps.Data;

namespace MLOps.Drift.Tests.Sketches;

public sealed class SketchTests
{
    [Fact]
    public void Kll_quantiles_stay_within_the_rank_error_in_bounded_memory_and_merge_like_one_sketch()
    {
        var values = TestData.Normal(200_000, seed: 3);
        var whole = new KllSketch(200);
        var left = new KllSketch(200, seed: 1);
        var right = new KllSketch(200, seed: 2);
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            (i % 2 == 0 ? left : right).Add(values[i]);
        }

        left.Merge(right);
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        Assert.Equal(200_000, whole.Count);
        Assert.Equal(200_000, left.Count);
        Assert.InRange(whole.RetainedItems, 1, 2000);
        double[] probabilities = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];
        foreach (var sketch in new[] { whole, left })
        {
            var quantiles = sketch.Quantiles(probabilities);
            for (var i = 0; i < probabilities.Length; i++)
            {
                var trueRank = (double)Array.BinarySearch(sorted, quantiles[i]) / sorted.Length;
                Assert.InRange(trueRank, probabilities[i] - 0.02, probabilities[i] + 0.02);
            }

            Assert.InRange(sketch.Rank(0) / sketch.Count, 0.48, 0.52);
        }
    }

    [Fact]
    public void Frequent_items_keep_every_heavy_category_with_counts_within_the_error_bound()
    {
        var values = Gen.Choose(0, 99).Select(i => i < 10 ? "heavy" + i : "rare" + (i * 7919 % 1000)).ArrayOf();
        Prop.ForAll(Arb.From(values), items =>
        {
            var sketch = new FrequentItemsSketch(20);
            var half = new FrequentItemsSketch(20);
            var other = new FrequentItemsSketch(20);
            for (var i = 0; i < items.Length; i++)
            {
                sketch.Add(items[i]);
                (i % 2 == 0 ? half : other).Add(items[i]);
            }

            half.Merge(other);
            var truth = items.GroupBy(x => x).ToDictionary(g => g.Key, g => (long)g.Count());
            foreach (var s in new[] { sketch, half })
            {
                if (s.Counts.Count > 20 || s.MaxError > items.Length / 21.0 + 1e-9)
                {
                    return false;
                }

                foreach (var (category, count) in truth)
                {
                    var estimate = s.Counts.GetValueOrDefault(category);
                    if (estimate > count || estimate < count - s.MaxError)
                    {
                        return false;
                    }
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_builder_is_exact_below_its_limits_and_merges_parts_into_the_whole()
    {
        var x = TestData.Normal(3000, seed: 5);
        var s = Enumerable.Range(0, 3000).Select(i => $"c{i % 7}").ToArray();
        var batch = TestData.Batch(("x", new Float64Column(x)), ("s", StringColumn.FromValues(s)));
        var whole = new ReferenceProfileBuilder();
        whole.Add(batch);
        var a = new ReferenceProfileBuilder();
        var b = new ReferenceProfileBuilder();
        a.Add(batch.Slice(0, 1000));
        b.Add(batch.Slice(1000, 2000));
        a.Merge(b);
        var direct = ReferenceProfile.Create(batch);
        foreach (var profile in new[] { whole.Build(), a.Build() })
        {
            Assert.Equal(3000, profile.RowCount);
            Assert.Equal(((NumericSample)direct["x"].Sample).Sorted.ToArray(), ((NumericSample)profile["x"].Sample).Sorted.ToArray());
            Assert.Equal(((CategoricalSample)direct["s"].Sample).Counts, ((CategoricalSample)profile["s"].Sample).Counts);
            Assert.False(profile["x"].Approximate);
        }
    }

    [Fact]
    public void Past_its_limits_the_builder_sketches_and_the_tests_stay_close_to_exact()
    {
        var reference = TestData.Normal(60_000, seed: 6);
        var current = NumericSample.FromValues(TestData.Normal(5_000, shift: 0.1, seed: 7));
        var builder = new ReferenceProfileBuilder(new ReferenceProfileBuilderOptions { MaxExactValues = 10_000, SketchK = 400, MaxCategories = 50 });
        for (var i = 0; i < 6; i++)
        {
            builder.Add(TestData.Batch(
                ("x", new Float64Column(reference.AsMemory(i * 10_000, 10_000))),
                ("id", StringColumn.FromValues([.. Enumerable.Range(0, 10_000).Select(j => j % 3 == 0 ? "common" : $"id{(i * 10_000) + j}")]))));
        }

        var profile = builder.Build();
        Assert.True(profile["x"].Approximate);
        Assert.True(profile["id"].Approximate);
        Assert.Contains("common", ((CategoricalSample)profile["id"].Sample).Categories);
        var exact = new KolmogorovSmirnovTest().Evaluate(NumericSample.FromValues(reference), current);
        var sketched = new KolmogorovSmirnovTest().Evaluate(profile["x"].Sample, current);
        Assert.InRange(sketched.Statistic, exact.Statistic - 0.01, exact.Statistic + 0.01);
        Assert.Equal(exact.Drifted, sketched.Drifted);
    }
}
