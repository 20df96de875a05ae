using MLOps.Serving.Graph;

namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// Reads the nodes_* and target_* (or class_*) attributes of TreeEnsembleRegressor and
/// TreeEnsembleClassifier into a <see cref="TreeEnsemble"/>, checking every reference: unknown
/// child ids, cycles, leaves with branches, weights on non-leaves all fail at load time.
/// </summary>
internal static class TreeEnsembleBuilder
{
    public static TreeEnsemble Build(AttributeSet attributes, string weightPrefix, int targetCount, string owner)
    {
        var treeIds = Required(attributes.GetInts("nodes_treeids"), "nodes_treeids", owner);
        var nodeIds = Required(attributes.GetInts("nodes_nodeids"), "nodes_nodeids", owner);
        var featureIds = Required(attributes.GetInts("nodes_featureids"), "nodes_featureids", owner);
        var modes = Required(attributes.GetStrings("nodes_modes"), "nodes_modes", owner);
        var values = attributes.GetFloatsOrTensor("nodes_values") ?? new double[treeIds.Length];
        var trueIds = attributes.GetInts("nodes_truenodeids") ?? new long[treeIds.Length];
        var falseIds = attributes.GetInts("nodes_falsenodeids") ?? new long[treeIds.Length];
        var missing = attributes.GetInts("nodes_missing_value_tracks_true") ?? new long[treeIds.Length];
        var count = treeIds.Length;
        foreach (var (name, length) in new[] { ("nodes_nodeids", nodeIds.Length), ("nodes_featureids", featureIds.Length), ("nodes_modes", modes.Length), ("nodes_values", values.Length), ("nodes_truenodeids", trueIds.Length), ("nodes_falsenodeids", falseIds.Length), ("nodes_missing_value_tracks_true", missing.Length) })
        {
            if (length != count)
            {
                throw new ValidationException($"{owner}: attribute '{name}' has {length} entries but nodes_treeids has {count}.");
            }
        }

        var index = new Dictionary<(long Tree, long Node), int>();
        var trees = new List<long>();
        var treeOf = new int[count];
        var treeIndex = new Dictionary<long, int>();
        for (var i = 0; i < count; i++)
        {
            if (!index.TryAdd((treeIds[i], nodeIds[i]), i))
            {
                throw new ValidationException($"{owner}: node {nodeIds[i]} of tree {treeIds[i]} is defined twice.");
            }

            if (!treeIndex.TryGetValue(treeIds[i], out var t))
            {
                t = trees.Count;
                treeIndex[treeIds[i]] = t;
                trees.Add(treeIds[i]);
            }

            treeOf[i] = t;
        }

        var mode = new NodeMode[count];
        var feature = new int[count];
        var threshold = new double[count];
        var trueChild = new int[count];
        var falseChild = new int[count];
        var hasParent = new bool[count];
        var maxFeature = -1;
        for (var i = 0; i < count; i++)
        {
            mode[i] = ParseMode(modes[i], owner);
            threshold[i] = values[i];
            if (mode[i] == NodeMode.Leaf)
            {
                continue;
            }

            if (featureIds[i] is < 0 or > int.MaxValue)
            {
                throw new ValidationException($"{owner}: node {nodeIds[i]} of tree {treeIds[i]} reads feature {featureIds[i]}.");
            }

            feature[i] = (int)featureIds[i];
            maxFeature = Math.Max(maxFeature, feature[i]);
            trueChild[i] = Child(trueIds[i], i, "true");
            falseChild[i] = Child(falseIds[i], i, "false");
            hasParent[trueChild[i]] = true;
            hasParent[falseChild[i]] = true;
        }

        var roots = new int[trees.Count];
        Array.Fill(roots, -1);
        for (var i = 0; i < count; i++)
        {
            if (!hasParent[i])
            {
                if (roots[treeOf[i]] >= 0)
                {
                    throw new ValidationException($"{owner}: tree {trees[treeOf[i]]} has more than one root (nodes {nodeIds[roots[treeOf[i]]]} and {nodeIds[i]}).");
                }

                roots[treeOf[i]] = i;
            }
        }

        var depth = new int[trees.Count];
        for (var t = 0; t < trees.Count; t++)
        {
            if (roots[t] < 0)
            {
                throw new ValidationException($"{owner}: tree {trees[t]} has no root; its nodes form a cycle.");
            }

            depth[t] = Depth(roots[t]);
        }

        var (leafStart, leafCount, weightTarget, weightValue) = ReadWeights(attributes, weightPrefix, index, mode, targetCount, owner);
        return new TreeEnsemble
        {
            Roots = roots,
            Feature = feature,
            Threshold = threshold,
            Mode = mode,
            TrueChild = trueChild,
            FalseChild = falseChild,
            MissingTracksTrue = [.. missing.Select(static m => m != 0)],
            LeafStart = leafStart,
            LeafCount = leafCount,
            WeightTarget = weightTarget,
            WeightValue = weightValue,
            Depth = depth,
            TargetCount = targetCount,
            MaxFeature = maxFeature,
        };

        int Child(long id, int node, string branch)
        {
            if (!index.TryGetValue((treeIds[node], id), out var child))
            {
                throw new ValidationException($"{owner}: the {branch} branch of node {nodeIds[node]} in tree {treeIds[node]} points to node {id}, which does not exist in that tree.");
            }

            return child;
        }

        int Depth(int root)
        {
            // Iterative, so a degenerate (chain-like) tree cannot overflow the stack; a walk longer than the node count is a cycle.
            var deepest = 0;
            var visited = 0;
            var stack = new Stack<(int Node, int Level)>();
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (node, level) = stack.Pop();
                if (++visited > count)
                {
                    throw new ValidationException($"{owner}: tree {treeIds[node]} has a cycle through node {nodeIds[node]}.");
                }

                deepest = Math.Max(deepest, level);
                if (mode[node] != NodeMode.Leaf)
                {
                    stack.Push((trueChild[node], level + 1));
                    stack.Push((falseChild[node], level + 1));
                }
            }

            return deepest;
        }
    }

    private static (int[] Start, int[] Count, int[] Target, double[] Value) ReadWeights(
        AttributeSet attributes, string prefix, Dictionary<(long Tree, long Node), int> index, NodeMode[] mode, int targetCount, string owner)
    {
        var treeIds = attributes.GetInts(prefix + "_treeids") ?? [];
        var nodeIds = attributes.GetInts(prefix + "_nodeids") ?? [];
        var ids = attributes.GetInts(prefix + "_ids") ?? [];
        var weights = attributes.GetFloatsOrTensor(prefix + "_weights") ?? [];
        if (nodeIds.Length != treeIds.Length || ids.Length != treeIds.Length || weights.Length != treeIds.Length)
        {
            throw new ValidationException($"{owner}: {prefix}_treeids, {prefix}_nodeids, {prefix}_ids and {prefix}_weights must have the same length.");
        }

        var perLeaf = new List<(int Target, double Weight)>[mode.Length];
        for (var i = 0; i < treeIds.Length; i++)
        {
            if (!index.TryGetValue((treeIds[i], nodeIds[i]), out var node))
            {
                throw new ValidationException($"{owner}: weight {i} names node {nodeIds[i]} of tree {treeIds[i]}, which does not exist.");
            }

            if (mode[node] != NodeMode.Leaf)
            {
                throw new ValidationException($"{owner}: weight {i} is attached to node {nodeIds[i]} of tree {treeIds[i]}, which is not a leaf.");
            }

            if (ids[i] < 0 || ids[i] >= targetCount)
            {
                throw new ValidationException($"{owner}: weight {i} targets {prefix} id {ids[i]}, outside [0, {targetCount}).");
            }

            (perLeaf[node] ??= []).Add(((int)ids[i], weights[i]));
        }

        var start = new int[mode.Length];
        var length = new int[mode.Length];
        var target = new List<int>();
        var value = new List<double>();
        for (var node = 0; node < mode.Length; node++)
        {
            start[node] = target.Count;
            foreach (var (t, w) in perLeaf[node] ?? [])
            {
                target.Add(t);
                value.Add(w);
            }

            length[node] = target.Count - start[node];
        }

        return (start, length, [.. target], [.. value]);
    }

    private static NodeMode ParseMode(string mode, string owner) => mode switch
    {
        "LEAF" => NodeMode.Leaf,
        "BRANCH_LEQ" => NodeMode.LessOrEqual,
        "BRANCH_LT" => NodeMode.Less,
        "BRANCH_GTE" => NodeMode.GreaterOrEqual,
        "BRANCH_GT" => NodeMode.Greater,
        "BRANCH_EQ" => NodeMode.Equal,
        "BRANCH_NEQ" => NodeMode.NotEqual,
        _ => throw new ValidationException($"{owner}: node mode '{mode}' is not one of LEAF, BRANCH_LEQ, BRANCH_LT, BRANCH_GTE, BRANCH_GT, BRANCH_EQ, BRANCH_NEQ."),
    };

    private static T Required<T>(T? value, string name, string owner)
        where T : class => value ?? throw new ValidationException($"{owner}: required attribute '{name}' is missing.");
}
