using FsCheck;
using FsCheck.Fluent;
using MLOps.Serving.Onnx;
using MLOps.Serving.Operators.Ml;
using MLOps.Tensors;

namespace MLOps.Serving.Tests.Operators;

public sealed class TreeEnsembleTests
{
    /// <summary>Two trees over three features: tree 0 splits x0 ≤ 0.5; tree 1 splits x1 &lt; 0 then x0 ≥ 1 (NaN on x1 goes true).</summary>
    /// <summary>A forest the rank-based traversal takes (one mode, depth 8), with 300 rows of which some hold a NaN.</summary>
    internal static (byte[] Model, Tensor Input) RankedForestModel()
    {
        var forest = RandomForest.Create(trees: 40, maxDepth: 8, features: 8, targets: 2, "BRANCH_LEQ", seed: 11);
        var random = new Random(3);
        var x = new float[300 * 8];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = i % 97 == 0 ? float.NaN : (float)((random.NextDouble() * 2.4) - 1.2);
        }

        return (Regressor(forest, 8, 2, "SUM"), Tensor.Create(x, 300, 8));
    }

    /// <summary>A forest only the compact walk takes (leaves feeding several targets, depth up to 13), with 600 rows.</summary>
    internal static (byte[] Model, Tensor Input) CompactForestModel()
    {
        var forest = RandomForest.Create(trees: 15, maxDepth: 13, features: 6, targets: 3, "BRANCH_LEQ", seed: 8, singleTargetPerTree: false);
        var random = new Random(5);
        var x = Enumerable.Range(0, 600 * 6).Select(i => i % 13 == 0 ? float.NaN : (float)((random.NextDouble() * 2.4) - 1.2)).ToArray();
        return (Regressor(forest, 6, 3, "SUM"), Tensor.Create(x, 600, 6));
    }

    internal static (byte[] Model, Tensor Input) RegressorModel()
    {
        var model = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", 3)
            .AddNode("TreeEnsembleRegressor", ["x"], ["y"], a => a
                .Set("nodes_treeids", [0L, 0, 0, 1, 1, 1, 1, 1])
                .Set("nodes_nodeids", [0L, 1, 2, 0, 1, 2, 3, 4])
                .Set("nodes_featureids", [0L, 0, 0, 1, 0, 0, 0, 0])
                .Set("nodes_modes", ["BRANCH_LEQ", "LEAF", "LEAF", "BRANCH_LT", "BRANCH_GTE", "LEAF", "LEAF", "LEAF"])
                .Set("nodes_values", [0.5f, 0, 0, 0f, 1f, 0, 0, 0])
                .Set("nodes_truenodeids", [1L, 0, 0, 1, 3, 0, 0, 0])
                .Set("nodes_falsenodeids", [2L, 0, 0, 2, 4, 0, 0, 0])
                .Set("nodes_missing_value_tracks_true", [0L, 0, 0, 1, 0, 0, 0, 0])
                .Set("target_treeids", [0L, 0, 1, 1, 1])
                .Set("target_nodeids", [1L, 2, 2, 3, 4])
                .Set("target_ids", [0L, 0, 0, 0, 0])
                .Set("target_weights", [1f, 2f, 30f, 10f, 20f])
                .Set("base_values", [0.5f]), domain: "ai.onnx.ml")
            .AddOutput("y", TensorElementType.Float32, "N", 1)
            .ToBytes();
        return (model, Tensor.Create(new float[] { 0.5f, -1, 0, 0.6f, 1, 0, 2, float.NaN, 0, float.NaN, 0.5f, 0 }, 4, 3));
    }

    [Fact]
    public void Regressor_follows_modes_missing_values_and_base_values()
    {
        var (bytes, input) = RegressorModel();
        using var model = OnnxModel.Load(bytes);
        var y = (Tensor<float>)model.Run(new Dictionary<string, Tensor> { ["x"] = input })["y"];
        // Row 0: x0 = 0.5 ≤ 0.5 → 1; x1 = -1 < 0 → x0 ≥ 1? no → 20. Row 1: 2; x1 = 1 → 30. Row 2: 2; x1 NaN → true → x0 = 2 ≥ 1 → 10.
        // Row 3: x0 NaN → false → 2; x1 = 0.5 → 30.
        Assert.Equal(new[] { 21.5f, 32.5f, 12.5f, 32.5f }, y.ToArray());
    }

    [Fact]
    public void Every_traversal_agrees_with_a_reference_on_random_forests()
    {
        var cases = from seed in Gen.Choose(0, 100_000)
                    from mode in Gen.Elements("BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT")
                    from features in Gen.Elements(1, 3, 17, 32, 33, 64, 70)
                    from targets in Gen.Choose(1, 3)
                    from depth in Gen.Choose(1, 14)
                    from singleTarget in Gen.Elements(true, false)
                    from rows in Gen.Elements(1, 16, 37, 130)
                    from missing in Gen.Elements(0.0, 0.1, 0.5)
                    from threads in Gen.Elements(1, 2)
                    select (seed, mode, features, targets, depth, rows, missing, threads, singleTarget);
        Prop.ForAll(Arb.From(cases), c =>
        {
            var forest = RandomForest.Create(trees: 21, maxDepth: c.depth, c.features, c.targets, c.mode, c.seed, c.singleTarget);
            var bytes = Regressor(forest, c.features, c.targets, "SUM");
            var random = new Random(c.seed);
            var x = new float[c.rows * c.features];
            for (var i = 0; i < x.Length; i++)
            {
                // Values on the thresholds' grid (two decimals) exercise equality at every comparison mode.
                x[i] = random.NextDouble() < c.missing ? float.NaN : random.Next(10) switch
                {
                    0 => random.Next(2) == 0 ? float.PositiveInfinity : float.NegativeInfinity,
                    1 => random.Next(2) == 0 ? 0f : -0f,
                    _ => (float)Math.Round((random.NextDouble() * 2.4) - 1.2, 2),
                };
            }

            foreach (var traversal in Enum.GetValues<TreeEnsembleOperator.TreeTraversal>())
            {
                using var model = OnnxModel.Load(bytes, new InferenceOptions { ThreadCount = c.threads });
                ((TreeEnsembleOperator)model.Executor.Graph.Nodes[0].Operator).Traversal = traversal;
                var y = Run(model, x, c.rows, c.features);
                for (var r = 0; r < c.rows; r++)
                {
                    var expected = forest.Evaluate(x.AsSpan(r * c.features, c.features).ToArray(), c.targets);
                    for (var t = 0; t < c.targets; t++)
                    {
                        if (Math.Abs(y[(r * c.targets) + t] - (float)expected[t]) > 1e-4)
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(8, 8, 1000, true)]
    [InlineData(10, 8, 1000, true)]
    [InlineData(11, 8, 1000, false)] // deeper than the permute tables
    [InlineData(6, 40, 1000, true)] // 64 columns
    [InlineData(6, 70, 1000, false)] // features past the 64 columns
    [InlineData(8, 1, 20_000, false)] // more distinct thresholds than 16-bit ranks hold
    public void Ranked_traversal_applies_where_ranks_and_tables_fit_and_agrees_with_the_walk(int depth, int features, int distinct, bool ranked)
    {
        var trees = Math.Max(4, (distinct / ((1 << depth) - 1)) + 1);
        var bytes = Regressor(RandomForest.Complete(trees, depth, features, distinct), features, 1, "SUM");
        var random = new Random(depth);
        var x = Enumerable.Range(0, 64 * features).Select(_ => (float)random.NextDouble()).ToArray();
        using var model = OnnxModel.Load(bytes, new InferenceOptions { ThreadCount = 1 });
        Assert.Equal(ranked && MLOps.Serving.Kernels.Trees.RankedTreeEnsemble.IsSupported, ((TreeEnsembleOperator)model.Executor.Graph.Nodes[0].Operator).Ranked);
        using var walked = OnnxModel.Load(bytes, new InferenceOptions { ThreadCount = 1 });
        ((TreeEnsembleOperator)walked.Executor.Graph.Nodes[0].Operator).Traversal = TreeEnsembleOperator.TreeTraversal.Scalar;
        Assert.Equal(Run(walked, x, 64, features), Run(model, x, 64, features));
    }

    [Theory]
    [InlineData("MIN")]
    [InlineData("MAX")]
    [InlineData("AVERAGE")]
    public void Compact_walk_aggregates_like_the_portable_walk(string aggregate)
    {
        var forest = RandomForest.Create(trees: 15, maxDepth: 13, features: 6, targets: 3, "BRANCH_LT", seed: 8, singleTargetPerTree: false);
        var bytes = Regressor(forest, 6, 3, aggregate);
        var random = new Random(5);
        var x = Enumerable.Range(0, 600 * 6).Select(i => i % 13 == 0 ? float.NaN : (float)Math.Round((random.NextDouble() * 2.4) - 1.2, 2)).ToArray();
        using var compact = OnnxModel.Load(bytes, new InferenceOptions { ThreadCount = 2 });
        Assert.Equal(TreeEnsembleOperator.TreeTraversal.Compact, ((TreeEnsembleOperator)compact.Executor.Graph.Nodes[0].Operator).Traversal);
        using var portable = OnnxModel.Load(bytes, new InferenceOptions { ThreadCount = 1 });
        ((TreeEnsembleOperator)portable.Executor.Graph.Nodes[0].Operator).Traversal = TreeEnsembleOperator.TreeTraversal.Scalar;
        Assert.Equal(Run(portable, x, 600, 6), Run(compact, x, 600, 6));
    }

    [Fact]
    public void Eligible_ensembles_use_the_vectorized_layout()
    {
        var forest = RandomForest.Create(trees: 10, maxDepth: 5, features: 8, targets: 1, "BRANCH_LEQ", seed: 4);
        using var model = OnnxModel.Load(Regressor(forest, 8, 1, "SUM"));
        var op = (TreeEnsembleOperator)model.Executor.Graph.Nodes[0].Operator;
        Assert.Equal(MLOps.Serving.Kernels.Trees.VectorTreeEnsemble.IsSupported, op.Vectorized);
        Assert.Equal(MLOps.Serving.Kernels.Trees.RankedTreeEnsemble.IsSupported, op.Ranked);
    }

    [Fact]
    public void Average_aggregation_divides_by_the_tree_count_and_handles_several_targets()
    {
        var forest = RandomForest.Create(trees: 6, maxDepth: 3, features: 4, targets: 2, "BRANCH_LEQ", seed: 9, singleTargetPerTree: false);
        using var model = OnnxModel.Load(Regressor(forest, 4, 2, "AVERAGE"));
        var x = TestModels.Random(4 * 5, 2);
        var y = Run(model, x, 5, 4);
        for (var r = 0; r < 5; r++)
        {
            var expected = forest.Evaluate(x.AsSpan(r * 4, 4).ToArray(), 2);
            Assert.Equal(expected[0] / 6, y[r * 2], 4);
            Assert.Equal(expected[1] / 6, y[(r * 2) + 1], 4);
        }
    }

    [Fact]
    public void Binary_classifier_with_one_logistic_score_returns_both_probabilities_and_the_label()
    {
        // XGBoost/LightGBM style: one score column (class id 0), two labels, LOGISTIC.
        var model = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", 1)
            .AddNode("TreeEnsembleClassifier", ["x"], ["label", "probabilities"], a => a
                .Set("nodes_treeids", [0L, 0, 0])
                .Set("nodes_nodeids", [0L, 1, 2])
                .Set("nodes_featureids", [0L, 0, 0])
                .Set("nodes_modes", ["BRANCH_LT", "LEAF", "LEAF"])
                .Set("nodes_values", [0f, 0, 0])
                .Set("nodes_truenodeids", [1L, 0, 0])
                .Set("nodes_falsenodeids", [2L, 0, 0])
                .Set("class_treeids", [0L, 0])
                .Set("class_nodeids", [1L, 2])
                .Set("class_ids", [0L, 0])
                .Set("class_weights", [-1.5f, 2f])
                .Set("classlabels_int64s", [0L, 1])
                .Set("base_values", [0.25f])
                .Set("post_transform", "LOGISTIC"), domain: "ai.onnx.ml")
            .AddOutput("label", TensorElementType.Int64, "N")
            .AddOutput("probabilities", TensorElementType.Float32, "N", 2)
            .ToBytes();
        using var loaded = OnnxModel.Load(model);
        var outputs = loaded.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new[] { -1f, 1f }, 2, 1) });
        Assert.Equal(new long[] { 0, 1 }, ((Tensor<long>)outputs["label"]).ToArray());
        var p = ((Tensor<float>)outputs["probabilities"]).ToArray();
        var p0 = 1 / (1 + MathF.Exp(1.25f));
        var p1 = 1 / (1 + MathF.Exp(-2.25f));
        TestModels.AssertClose(new[] { 1 - p0, p0, 1 - p1, p1 }, p);
    }

    [Fact]
    public void OnnxTreeEnsemble_writes_regressor_and_classifier_attributes_the_engine_reads_back()
    {
        // Tree 0: x0 ≤ 0.5 (missing: true) → 1.0 else 3.0; tree 1: x1 > 2 → 10 else a leaf for target/class 1.
        var trees = new OnnxTreeEnsemble()
            .AddBranch(tree: 0, node: 0, feature: 0, threshold: 0.5f, trueNode: 1, falseNode: 2, missingTracksTrue: true)
            .AddLeaf(tree: 0, node: 1, weight: 1f)
            .AddLeaf(tree: 0, node: 2, weight: 3f)
            .AddBranch(tree: 1, node: 0, feature: 1, threshold: 2f, trueNode: 1, falseNode: 2, mode: "BRANCH_GT")
            .AddLeaf(tree: 1, node: 1, weight: 10f)
            .AddLeaf(tree: 1, node: 2, weight: 5f, target: 1);
        Assert.Equal(6, trees.NodeCount);
        var regressor = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", 2)
            .AddNode("TreeEnsembleRegressor", ["x"], ["y"], a => trees.ApplyTo(a).Set("n_targets", 2L), domain: "ai.onnx.ml")
            .AddOutput("y", TensorElementType.Float32, "N", 2)
            .ToBytes();
        using var loaded = OnnxModel.Load(regressor);
        var y = (Tensor<float>)loaded.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new[] { float.NaN, 3f, 1f, 0f }, 2, 2) })["y"];
        Assert.Equal(new[] { 11f, 0f, 3f, 5f }, y.ToArray());

        var classifier = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", 2)
            .AddNode("TreeEnsembleClassifier", ["x"], ["label", "scores"], a => trees.ApplyToClassifier(a).Set("classlabels_int64s", [7L, 8]), domain: "ai.onnx.ml")
            .AddOutput("label", TensorElementType.Int64, "N")
            .AddOutput("scores", TensorElementType.Float32, "N", 2)
            .ToBytes();
        using var classes = OnnxModel.Load(classifier);
        var outputs = classes.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new[] { float.NaN, 3f, 1f, 0f }, 2, 2) });
        Assert.Equal(new long[] { 7, 8 }, ((Tensor<long>)outputs["label"]).ToArray());
        Assert.Equal(new[] { 11f, 0f, 3f, 5f }, ((Tensor<float>)outputs["scores"]).ToArray());
    }

    [Fact]
    public void Multiclass_classifier_picks_the_best_class_and_applies_softmax()
    {
        var model = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", 1)
            .AddNode("TreeEnsembleClassifier", ["x"], ["label", "scores"], a => a
                .Set("nodes_treeids", [0L, 0, 0, 1])
                .Set("nodes_nodeids", [0L, 1, 2, 0])
                .Set("nodes_featureids", [0L, 0, 0, 0])
                .Set("nodes_modes", ["BRANCH_LEQ", "LEAF", "LEAF", "LEAF"])
                .Set("nodes_values", [0f, 0, 0, 0])
                .Set("nodes_truenodeids", [1L, 0, 0, 0])
                .Set("nodes_falsenodeids", [2L, 0, 0, 0])
                .Set("class_treeids", [0L, 0, 1])
                .Set("class_nodeids", [1L, 2, 0])
                .Set("class_ids", [0L, 2, 1])
                .Set("class_weights", [3f, 3f, 1f])
                .Set("classlabels_strings", ["cat", "dog", "eel"])
                .Set("post_transform", "SOFTMAX"), domain: "ai.onnx.ml")
            .AddOutput("label", TensorElementType.String, "N")
            .AddOutput("scores", TensorElementType.Float32, "N", 3)
            .ToBytes();
        using var loaded = OnnxModel.Load(model);
        var outputs = loaded.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new[] { -1f, 1f }, 2, 1) });
        Assert.Equal(new[] { "cat", "eel" }, ((Tensor<string>)outputs["label"]).ToArray());
        var scores = ((Tensor<float>)outputs["scores"]).ToArray();
        var big = MathF.Exp(3) / (MathF.Exp(3) + MathF.E + 1);
        Assert.Equal(big, scores[0], 5);
        Assert.Equal(big, scores[5], 5);
    }

    [Fact]
    public void Broken_trees_fail_at_load_time_naming_the_node()
    {
        var model = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", 1)
            .AddNode("TreeEnsembleRegressor", ["x"], ["y"], a => a
                .Set("nodes_treeids", [0L, 0])
                .Set("nodes_nodeids", [0L, 1])
                .Set("nodes_featureids", [0L, 0])
                .Set("nodes_modes", ["BRANCH_LEQ", "LEAF"])
                .Set("nodes_values", [0f, 0])
                .Set("nodes_truenodeids", [1L, 0])
                .Set("nodes_falsenodeids", [7L, 0]), domain: "ai.onnx.ml", name: "forest")
            .AddOutput("y", TensorElementType.Float32, "N", 1)
            .ToBytes();
        var error = Assert.Throws<ValidationException>(() => OnnxModel.Load(model));
        Assert.Contains("forest", error.Message, StringComparison.Ordinal);
        Assert.Contains("node 7", error.Message, StringComparison.Ordinal);
    }

    internal static byte[] Regressor(RandomForest forest, int features, int targets, string aggregate) =>
        new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", features)
            .AddNode("TreeEnsembleRegressor", ["x"], ["y"], a => a
                .Set("nodes_treeids", forest.TreeIds)
                .Set("nodes_nodeids", forest.NodeIds)
                .Set("nodes_featureids", forest.FeatureIds)
                .Set("nodes_modes", forest.Modes)
                .Set("nodes_values", forest.Values)
                .Set("nodes_truenodeids", forest.TrueIds)
                .Set("nodes_falsenodeids", forest.FalseIds)
                .Set("nodes_missing_value_tracks_true", forest.MissingTrue)
                .Set("target_treeids", forest.WeightTree)
                .Set("target_nodeids", forest.WeightNode)
                .Set("target_ids", forest.WeightTarget)
                .Set("target_weights", forest.Weights)
                .Set("n_targets", (long)targets)
                .Set("aggregate_function", aggregate), domain: "ai.onnx.ml")
            .AddOutput("y", TensorElementType.Float32, "N", targets)
            .ToBytes();

    private static float[] Run(OnnxModel model, float[] x, int rows, int features) =>
        ((Tensor<float>)model.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(x, rows, features) })["y"]).ToArray();
}
