namespace MLOps.Serving.Onnx;

/// <summary>
/// The nodes of an ai.onnx.ml TreeEnsembleRegressor or TreeEnsembleClassifier, added tree by tree,
/// for exporting trees trained in C# with <see cref="OnnxModelBuilder"/>:
/// <code>
/// var trees = new OnnxTreeEnsemble();
/// trees.AddBranch(tree: 0, node: 0, feature: 2, threshold: 0.5f, trueNode: 1, falseNode: 2, missingTracksTrue: true);
/// trees.AddLeaf(tree: 0, node: 1, weight: -0.3f);
/// trees.AddLeaf(tree: 0, node: 2, weight: 0.7f);
/// builder.AddNode("TreeEnsembleRegressor", ["x"], ["y"], a => trees.ApplyTo(a).Set("n_targets", 1L), domain: "ai.onnx.ml");
/// </code>
/// </summary>
public sealed class OnnxTreeEnsemble
{
    private readonly List<long> _treeIds = [];
    private readonly List<long> _nodeIds = [];
    private readonly List<long> _featureIds = [];
    private readonly List<string> _modes = [];
    private readonly List<float> _values = [];
    private readonly List<long> _trueIds = [];
    private readonly List<long> _falseIds = [];
    private readonly List<long> _missingTracksTrue = [];
    private readonly List<long> _weightTrees = [];
    private readonly List<long> _weightNodes = [];
    private readonly List<long> _weightTargets = [];
    private readonly List<float> _weights = [];

    /// <summary>How many nodes (branches and leaves) have been added.</summary>
    public int NodeCount => _treeIds.Count;

    /// <summary>Adds a branch: rows for which <c>x[feature] mode threshold</c> holds go to <paramref name="trueNode"/>.</summary>
    /// <param name="tree">The tree's id.</param>
    /// <param name="node">The node's id within its tree.</param>
    /// <param name="feature">The input column compared.</param>
    /// <param name="threshold">The value compared against.</param>
    /// <param name="trueNode">The child (id within the tree) taken when the comparison holds.</param>
    /// <param name="falseNode">The child taken otherwise.</param>
    /// <param name="missingTracksTrue">Whether a missing value (NaN) takes <paramref name="trueNode"/>.</param>
    /// <param name="mode">BRANCH_LEQ (the default), BRANCH_LT, BRANCH_GTE, BRANCH_GT, BRANCH_EQ or BRANCH_NEQ.</param>
    public OnnxTreeEnsemble AddBranch(int tree, int node, int feature, float threshold, int trueNode, int falseNode, bool missingTracksTrue = false, string mode = "BRANCH_LEQ")
    {
        Add(tree, node, feature, mode, threshold, trueNode, falseNode, missingTracksTrue);
        return this;
    }

    /// <summary>Adds a leaf contributing <paramref name="weight"/> to <paramref name="target"/> (a class index for a classifier).</summary>
    public OnnxTreeEnsemble AddLeaf(int tree, int node, float weight, int target = 0)
    {
        Add(tree, node, 0, "LEAF", 0, 0, 0, missingTracksTrue: false);
        _weightTrees.Add(tree);
        _weightNodes.Add(node);
        _weightTargets.Add(target);
        _weights.Add(weight);
        return this;
    }

    /// <summary>
    /// Sets the node and weight attributes on a TreeEnsembleRegressor node (the weights as
    /// <c>target_*</c>); add <c>n_targets</c>, <c>base_values</c>, <c>post_transform</c> and the like after.
    /// </summary>
    public OnnxNodeAttributes ApplyTo(OnnxNodeAttributes attributes) => Apply(attributes, "target");

    /// <summary>Sets the node and weight attributes on a TreeEnsembleClassifier node (the weights as <c>class_*</c>); add the class labels after.</summary>
    public OnnxNodeAttributes ApplyToClassifier(OnnxNodeAttributes attributes) => Apply(attributes, "class");

    private OnnxNodeAttributes Apply(OnnxNodeAttributes attributes, string weightPrefix)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return attributes
            .Set("nodes_treeids", _treeIds).Set("nodes_nodeids", _nodeIds).Set("nodes_featureids", _featureIds)
            .Set("nodes_modes", _modes).Set("nodes_values", _values)
            .Set("nodes_truenodeids", _trueIds).Set("nodes_falsenodeids", _falseIds)
            .Set("nodes_missing_value_tracks_true", _missingTracksTrue)
            .Set($"{weightPrefix}_treeids", _weightTrees).Set($"{weightPrefix}_nodeids", _weightNodes)
            .Set($"{weightPrefix}_ids", _weightTargets).Set($"{weightPrefix}_weights", _weights);
    }

    private void Add(int tree, int node, int feature, string mode, float threshold, int trueNode, int falseNode, bool missingTracksTrue)
    {
        _treeIds.Add(tree);
        _nodeIds.Add(node);
        _featureIds.Add(feature);
        _modes.Add(mode);
        _values.Add(threshold);
        _trueIds.Add(trueNode);
        _falseIds.Add(falseNode);
        _missingTracksTrue.Add(missingTracksTrue ? 1 : 0);
    }
}
