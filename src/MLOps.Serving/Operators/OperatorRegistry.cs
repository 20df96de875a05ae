using MLOps.Serving.Graph;
using MLOps.Serving.Operators.Ml;

namespace MLOps.Serving.Operators;

/// <summary>
/// Maps (domain, op type) to the operator that implements it. An operator missing here fails the
/// load, naming the op type, domain, opset and node.
/// </summary>
internal static class OperatorRegistry
{
    private static readonly Dictionary<(string Domain, string OpType), Func<Node, Operator>> Factories = Build();

    public static IEnumerable<string> SupportedOperators =>
        Factories.Keys.Select(k => k.Domain.Length == 0 ? k.OpType : k.Domain + "." + k.OpType).Order(StringComparer.Ordinal);

    public static bool IsSupported(string domain, string opType) =>
        Factories.ContainsKey((domain is "ai.onnx" ? string.Empty : domain, opType));

    public static Operator Create(Node node)
    {
        if (!Factories.TryGetValue((node.Domain, node.OpType), out var factory))
        {
            var domain = node.Domain.Length == 0 ? "ai.onnx" : node.Domain;
            throw new ValidationException(
                $"Operator '{node.OpType}' (domain '{domain}', opset {node.Opset}) used by node '{node.Name}' is not supported by the CPU engine.");
        }

        return factory(node);
    }

    private static Dictionary<(string, string), Func<Node, Operator>> Build()
    {
        var map = new Dictionary<(string, string), Func<Node, Operator>>();
        void Add(string opType, Func<Node, Operator> factory) => map[(string.Empty, opType)] = factory;
        void AddMl(string opType, Func<Node, Operator> factory) => map[(GraphLoader.MlDomain, opType)] = factory;

        foreach (var function in UnaryOperator.Functions)
        {
            Add(function, n => new UnaryOperator(n));
        }

        foreach (var opType in BinaryOperator.OpTypes)
        {
            Add(opType, n => new BinaryOperator(n));
        }

        foreach (var opType in VariadicOperator.OpTypes)
        {
            Add(opType, n => new VariadicOperator(n));
        }

        foreach (var opType in ReduceOperator.OpTypes)
        {
            Add(opType, n => new ReduceOperator(n));
        }

        Add("Not", n => new NotOperator(n));
        Add("Clip", n => new ClipOperator(n));
        Add("Where", n => new WhereOperator(n));
        Add("Softmax", n => new SoftmaxOperator(n));
        Add("LogSoftmax", n => new SoftmaxOperator(n));
        Add("MatMul", n => new MatMulOperator(n));
        Add("Gemm", n => new GemmOperator(n));
        Add("Conv", n => new ConvOperator(n));
        Add("MaxPool", n => new PoolOperator(n));
        Add("AveragePool", n => new PoolOperator(n));
        Add("GlobalAveragePool", n => new GlobalPoolOperator(n));
        Add("GlobalMaxPool", n => new GlobalPoolOperator(n));
        Add("BatchNormalization", n => new BatchNormalizationOperator(n));
        Add("LayerNormalization", n => new LayerNormalizationOperator(n));
        Add("Flatten", n => new FlattenOperator(n));
        Add("Reshape", n => new ReshapeOperator(n));
        Add("Transpose", n => new TransposeOperator(n));
        Add("Squeeze", n => new SqueezeOperator(n));
        Add("Unsqueeze", n => new UnsqueezeOperator(n));
        Add("Concat", n => new ConcatOperator(n));
        Add("Split", n => new SplitOperator(n));
        Add("Slice", n => new SliceOperator(n));
        Add("Gather", n => new GatherOperator(n));
        Add("Shape", n => new ShapeOperator(n));
        Add("Size", n => new SizeOperator(n));
        Add("Cast", n => new CastOperator(n));
        Add("Identity", n => new IdentityOperator(n));
        Add("Dropout", n => new IdentityOperator(n));
        Add("Constant", n => new ConstantOperator(n));
        Add("ConstantOfShape", n => new ConstantOfShapeOperator(n));
        Add("Expand", n => new ExpandOperator(n));
        Add("Tile", n => new TileOperator(n));
        Add("Range", n => new RangeOperator(n));
        Add("ArgMax", n => new ArgExtremumOperator(n));
        Add("ArgMin", n => new ArgExtremumOperator(n));
        Add("CastLike", n => new CastOperator(n));
        Add("GatherElements", n => new GatherElementsOperator(n));
        Add("ScatterElements", n => new ScatterElementsOperator(n));
        Add("Scatter", n => new ScatterElementsOperator(n));
        Add("Trilu", n => new TriluOperator(n));
        Add("Shrink", n => new ShrinkOperator(n));
        Add("Hardmax", n => new HardmaxOperator(n));
        Add("CumSum", n => new CumSumOperator(n));
        Add("OneHot", n => new OneHotOperator(n));
        Add("EyeLike", n => new EyeLikeOperator(n));
        Add("Pad", n => new PadOperator(n));
        Add("TopK", n => new TopKOperator(n));
        Add("DepthToSpace", n => new SpaceDepthOperator(n));
        Add("SpaceToDepth", n => new SpaceDepthOperator(n));
        Add("InstanceNormalization", n => new InstanceNormalizationOperator(n));
        Add("NonZero", n => new NonZeroOperator(n));
        Add("LRN", n => new LrnOperator(n));

        AddMl("LinearRegressor", n => new LinearRegressorOperator(n));
        AddMl("LinearClassifier", n => new LinearClassifierOperator(n));
        AddMl("TreeEnsembleRegressor", n => new TreeEnsembleOperator(n));
        AddMl("TreeEnsembleClassifier", n => new TreeEnsembleOperator(n));
        AddMl("Scaler", n => new ScalerOperator(n));
        AddMl("Normalizer", n => new NormalizerOperator(n));
        AddMl("Imputer", n => new ImputerOperator(n));
        AddMl("OneHotEncoder", n => new OneHotEncoderOperator(n));
        AddMl("LabelEncoder", n => new LabelEncoderOperator(n));
        AddMl("FeatureVectorizer", n => new FeatureVectorizerOperator(n));
        AddMl("ZipMap", n => new ZipMapOperator(n));
        AddMl("ArrayFeatureExtractor", n => new ArrayFeatureExtractorOperator(n));
        AddMl("Binarizer", n => new BinarizerOperator(n));
        return map;
    }
}
