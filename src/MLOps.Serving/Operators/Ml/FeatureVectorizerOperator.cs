using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators.Ml;

/// <summary>ai.onnx.ml FeatureVectorizer: concatenates its inputs' columns (inputdimensions each, zero-padded) into one float matrix.</summary>
internal sealed class FeatureVectorizerOperator : Operator
{
    private readonly long[] _dimensions;

    public FeatureVectorizerOperator(Node node)
        : base(node)
    {
        _dimensions = node.Attributes.GetInts("inputdimensions") ?? throw Error("attribute 'inputdimensions' is missing.");
        if (_dimensions.Length != node.Inputs.Length || _dimensions.Any(d => d < 0))
        {
            throw Error($"inputdimensions has {_dimensions.Length} entries for {node.Inputs.Length} inputs.");
        }
    }

    public override void Infer(InferContext context)
    {
        var rows = -1;
        for (var i = 0; i < context.InputCount; i++)
        {
            context.ExpectType(i, FeatureInput.NumericTypes);
            var (r, _) = FeatureInput.Matrix(context, i);
            if (rows >= 0 && r != rows)
            {
                throw context.Error($"input {i} ('{context.InputName(i)}') has {r} rows; input 0 has {rows}.");
            }

            rows = r;
        }

        context.SetOutput(0, DataType.Float, [rows, (int)_dimensions.Sum()]);
        context.State = rows;
    }

    public override void Execute(KernelContext context)
    {
        var rows = (int)context.State!;
        var output = context.Output<float>(0);
        output.Clear();
        var width = (int)_dimensions.Sum();
        var offset = 0;
        for (var i = 0; i < context.InputCount; i++)
        {
            var shape = context.InputShape(i);
            var columns = shape.Length == 1 ? shape[0] : shape[1];
            var take = Math.Min(columns, (int)_dimensions[i]);
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < take; c++)
                {
                    output[(r * width) + offset + c] = FeatureInput.Get(context, i, (r * columns) + c);
                }
            }

            offset += (int)_dimensions[i];
        }
    }
}
