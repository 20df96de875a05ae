namespace MLOps.Serving.Kernels.Trees;

/// <summary>
/// Lays a tree ensemble out for <see cref="VectorTreeEnsemble"/>: every tree padded to a complete binary
/// tree of the ensemble's depth, trees grouped <c>lanes</c> to a group by target, node data stored
/// [group][node position][lane] in pinned arrays.
/// </summary>
/// <param name="Depth">The depth every tree is padded to.</param>
/// <param name="Mode">The one comparison every internal node uses.</param>
/// <param name="GroupTarget">The target each group's leaves add to.</param>
/// <param name="Thresholds">Node thresholds, [group][internal node][lane].</param>
/// <param name="Features">Node feature indices, the sign bit set when a missing value goes to the true child.</param>
/// <param name="Leaves">Leaf weights, [group][leaf][lane].</param>
internal sealed record VectorTreeLayout(int Depth, NodeMode Mode, int[] GroupTarget, float[] Thresholds, int[] Features, float[] Leaves)
{
    /// <summary>Builds the layout, or returns null when the ensemble does not fit it (mixed or equality modes, trees deeper than <paramref name="maxDepth"/>, leaves feeding several targets).</summary>
    public static VectorTreeLayout? TryBuild(TreeEnsemble ensemble, int lanes, int maxDepth)
    {
        NodeMode? mode = null;
        for (var i = 0; i < ensemble.Mode.Length; i++)
        {
            var m = ensemble.Mode[i];
            if (m == NodeMode.Leaf)
            {
                if (ensemble.LeafCount[i] > 1)
                {
                    return null;
                }

                continue;
            }

            if (m is NodeMode.Equal or NodeMode.NotEqual || (mode is { } known && known != m) || (double)(float)ensemble.Threshold[i] != ensemble.Threshold[i])
            {
                return null;
            }

            mode = m;
        }

        var depth = Math.Max(1, ensemble.Depth.Max());
        if (depth > maxDepth)
        {
            return null;
        }

        // Each tree must feed one target, so a lane group's leaves all add to the same score.
        var treeTarget = new int[ensemble.TreeCount];
        for (var t = 0; t < ensemble.TreeCount; t++)
        {
            var target = TreeTarget(ensemble, ensemble.Roots[t]);
            if (target == -2)
            {
                return null;
            }

            treeTarget[t] = Math.Max(target, 0);
        }

        var order = Enumerable.Range(0, ensemble.TreeCount).OrderBy(t => treeTarget[t]).ThenBy(t => t).ToArray();
        var groups = new List<(int Target, List<int> Trees)>();
        foreach (var tree in order)
        {
            if (groups.Count == 0 || groups[^1].Target != treeTarget[tree] || groups[^1].Trees.Count == lanes)
            {
                groups.Add((treeTarget[tree], []));
            }

            groups[^1].Trees.Add(tree);
        }

        var internalNodes = (1 << depth) - 1;
        var leafCount = 1 << depth;
        var thresholds = GC.AllocateArray<float>(groups.Count * internalNodes * lanes, pinned: true);
        var features = GC.AllocateArray<int>(groups.Count * internalNodes * lanes, pinned: true);
        var leaves = GC.AllocateArray<float>(groups.Count * leafCount * lanes, pinned: true);
        for (var g = 0; g < groups.Count; g++)
        {
            for (var lane = 0; lane < groups[g].Trees.Count; lane++)
            {
                var tree = groups[g].Trees[lane];
                Fill(ensemble, ensemble.Roots[tree], 0, 0, depth, lanes, g, lane, thresholds, features, leaves);
            }
        }

        return new VectorTreeLayout(depth, mode ?? NodeMode.LessOrEqual, [.. groups.Select(static g => g.Target)], thresholds, features, leaves);
    }

    /// <summary>The one target a tree's leaves feed; -1 when it has no weights, -2 when it feeds several.</summary>
    private static int TreeTarget(TreeEnsemble ensemble, int root)
    {
        var target = -1;
        var stack = new Stack<int>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (ensemble.Mode[node] != NodeMode.Leaf)
            {
                stack.Push(ensemble.TrueChild[node]);
                stack.Push(ensemble.FalseChild[node]);
                continue;
            }

            if (ensemble.LeafCount[node] == 1)
            {
                var t = ensemble.WeightTarget[ensemble.LeafStart[node]];
                if (target >= 0 && t != target)
                {
                    return -2;
                }

                target = t;
            }
        }

        return target;
    }

    /// <summary>Writes a subtree at complete-tree position <paramref name="position"/>, padding a shallow leaf.</summary>
    private static void Fill(TreeEnsemble ensemble, int node, int position, int level, int depth, int lanes, int group, int lane, float[] thresholds, int[] features, float[] leaves)
    {
        var internalNodes = (1 << depth) - 1;
        if (level == depth)
        {
            var value = ensemble.LeafCount[node] == 1 ? (float)ensemble.WeightValue[ensemble.LeafStart[node]] : 0f;
            leaves[(((group * (internalNodes + 1)) + position - internalNodes) * lanes) + lane] = value;
            return;
        }

        var slot = (((group * internalNodes) + position) * lanes) + lane;
        if (ensemble.Mode[node] == NodeMode.Leaf)
        {
            // Padding: both children repeat this leaf, so the comparison here is irrelevant.
            thresholds[slot] = 0;
            features[slot] = 0;
            Fill(ensemble, node, (2 * position) + 1, level + 1, depth, lanes, group, lane, thresholds, features, leaves);
            Fill(ensemble, node, (2 * position) + 2, level + 1, depth, lanes, group, lane, thresholds, features, leaves);
            return;
        }

        thresholds[slot] = (float)ensemble.Threshold[node];
        features[slot] = ensemble.Feature[node] | (ensemble.MissingTracksTrue[node] ? int.MinValue : 0);
        Fill(ensemble, ensemble.TrueChild[node], (2 * position) + 1, level + 1, depth, lanes, group, lane, thresholds, features, leaves);
        Fill(ensemble, ensemble.FalseChild[node], (2 * position) + 2, level + 1, depth, lanes, group, lane, thresholds, features, leaves);
    }
}
