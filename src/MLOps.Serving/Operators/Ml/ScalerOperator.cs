using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators.Ml;

/// <summary>ai.onnx.ml Scaler: <c>Y = (X − offset) · scale</c>, per column or with one value for all.</summary>
internal sealed class ScalerOperator : Operator
{
    private readonly float[] _offset;
    private readonly float[] _scale;

    public ScalerOperator(Node node)
        : base(node)
    {
        _offset = node.Attributes.GetFloats("offset") ?? [0f];
        _scale = node.Attributes.GetFloats("scale") ?? [1f];
    }

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, FeatureInput.NumericTypes);
        var (_, columns) = FeatureInput.Matrix(context, 0);
        foreach (var (name, values) in new[] { ("offset", _offset), ("scale", _scale) })
        {
            if (values.Length != 1 && values.Length != columns)
            {
                throw context.Error($"attribute '{name}' has {values.Length} values but X '{context.InputName(0)}' has {columns} columns.");
            }
        }

        context.SetOutput(0, DataType.Float, context.InputShape(0));
        context.State = columns;
    }

    public override void Execute(KernelContext context)
    {
        var columns = (int)context.State!;
        var output = context.Output<float>(0);
        for (var i = 0; i < output.Length; i++)
        {
            var c = columns == 0 ? 0 : i % columns;
            output[i] = (FeatureInput.Get(context, 0, i) - _offset[_offset.Length == 1 ? 0 : c]) * _scale[_scale.Length == 1 ? 0 : c];
        }
    }
}
