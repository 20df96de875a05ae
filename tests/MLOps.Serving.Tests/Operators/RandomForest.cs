namespace MLOps.Serving.Tests.Operators;

/// <summary>A random tree ensemble in ONNX attribute form, with an independent reference evaluator.</summary>
internal sealed class RandomForest
{
    public List<long> TreeIds { get; } = [];

    public List<long> NodeIds { get; } = [];

    public List<long> FeatureIds { get; } = [];

    public List<string> Modes { get; } = [];

    public List<float> Values { get; } = [];

    public List<long> TrueIds { get; } = [];

    public List<long> FalseIds { get; } = [];

    public List<long> MissingTrue { get; } = [];

    public List<long> WeightTree { get; } = [];

    public List<long> WeightNode { get; } = [];

    public List<long> WeightTarget { get; } = [];

    public List<float> Weights { get; } = [];

    public int Trees { get; private set; }

    private Dictionary<(long Tree, long Node), int>? _index;

    public static RandomForest Create(int trees, int maxDepth, int features, int targets, string mode, int seed, bool singleTargetPerTree = true)
    {
        var random = new Random(seed);
        var forest = new RandomForest { Trees = trees };
        for (var t = 0; t < trees; t++)
        {
            var next = 0L;
            var treeTarget = random.Next(targets);
            forest.Grow(random, t, ref next, 0, random.Next(1, maxDepth + 1), features, targets, mode, singleTargetPerTree ? treeTarget : -1);
        }

        return forest;
    }

    /// <summary>
    /// Complete trees of one depth: internal node k (counted over the whole forest) reads feature
    /// k mod <paramref name="features"/> against threshold (k mod <paramref name="distinct"/>) / <paramref name="distinct"/>.
    /// </summary>
    public static RandomForest Complete(int trees, int depth, int features, int distinct)
    {
        var forest = new RandomForest { Trees = trees };
        var internalNodes = (1 << depth) - 1;
        var k = 0;
        for (var t = 0; t < trees; t++)
        {
            for (var n = 0; n < (2 * internalNodes) + 1; n++)
            {
                forest.TreeIds.Add(t);
                forest.NodeIds.Add(n);
                forest.MissingTrue.Add(0);
                if (n < internalNodes)
                {
                    forest.FeatureIds.Add(k % features);
                    forest.Modes.Add("BRANCH_LEQ");
                    forest.Values.Add((float)(k % distinct) / distinct);
                    forest.TrueIds.Add((2 * n) + 1);
                    forest.FalseIds.Add((2 * n) + 2);
                    k++;
                }
                else
                {
                    forest.FeatureIds.Add(0);
                    forest.Modes.Add("LEAF");
                    forest.Values.Add(0);
                    forest.TrueIds.Add(0);
                    forest.FalseIds.Add(0);
                    forest.WeightTree.Add(t);
                    forest.WeightNode.Add(n);
                    forest.WeightTarget.Add(0);
                    forest.Weights.Add((n % 7) - 3);
                }
            }
        }

        return forest;
    }

    private long Grow(Random random, int tree, ref long next, int depth, int maxDepth, int features, int targets, string mode, int target)
    {
        var id = next++;
        var index = TreeIds.Count;
        TreeIds.Add(tree);
        NodeIds.Add(id);
        if (depth == maxDepth || (depth > 0 && random.NextDouble() < 0.15))
        {
            FeatureIds.Add(0);
            Modes.Add("LEAF");
            Values.Add(0);
            TrueIds.Add(0);
            FalseIds.Add(0);
            MissingTrue.Add(0);
            WeightTree.Add(tree);
            WeightNode.Add(id);
            WeightTarget.Add(target >= 0 ? target : random.Next(targets));
            Weights.Add((float)Math.Round((random.NextDouble() * 2) - 1, 3));
            return id;
        }

        FeatureIds.Add(random.Next(features));
        Modes.Add(mode);
        Values.Add((float)Math.Round((random.NextDouble() * 2) - 1, 2));
        TrueIds.Add(0);
        FalseIds.Add(0);
        MissingTrue.Add(random.Next(2));
        var trueChild = Grow(random, tree, ref next, depth + 1, maxDepth, features, targets, mode, target);
        var falseChild = Grow(random, tree, ref next, depth + 1, maxDepth, features, targets, mode, target);
        TrueIds[index] = trueChild;
        FalseIds[index] = falseChild;
        return id;
    }

    /// <summary>Sums leaf weights per target for one row, by walking the attribute arrays directly.</summary>
    public double[] Evaluate(float[] row, int targets)
    {
        var scores = new double[targets];
        for (var t = 0; t < Trees; t++)
        {
            var node = Find(t, 0);
            while (Modes[node] != "LEAF")
            {
                var x = row[FeatureIds[node]];
                var v = Values[node];
                var condition = float.IsNaN(x) ? MissingTrue[node] != 0 : Modes[node] switch
                {
                    "BRANCH_LEQ" => x <= v,
                    "BRANCH_LT" => x < v,
                    "BRANCH_GTE" => x >= v,
                    "BRANCH_GT" => x > v,
                    "BRANCH_EQ" => x == v,
                    _ => x != v,
                };
                node = Find(t, condition ? TrueIds[node] : FalseIds[node]);
            }

            for (var w = 0; w < WeightTree.Count; w++)
            {
                if (WeightTree[w] == t && WeightNode[w] == NodeIds[node])
                {
                    scores[WeightTarget[w]] += Weights[w];
                }
            }
        }

        return scores;
    }

    private int Find(long tree, long node)
    {
        if (_index is null || _index.Count != TreeIds.Count)
        {
            _index = [];
            for (var i = 0; i < TreeIds.Count; i++)
            {
                _index[(TreeIds[i], NodeIds[i])] = i;
            }
        }

        return _index.TryGetValue((tree, node), out var found) ? found : throw new InvalidOperationException("missing node");
    }
}
