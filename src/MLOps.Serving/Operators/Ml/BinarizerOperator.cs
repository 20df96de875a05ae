using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators.Ml;

/// <summary>ai.onnx.ml Binarizer: 1 where the element is above the threshold, else 0, in the input's type.</summary>
internal sealed class BinarizerOperator : Operator
{
    private readonly float _threshold;

    public BinarizerOperator(Node node)
        : base(node)
    {
        _threshold = node.Attributes.GetFloat("threshold", 0f);
    }

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, FeatureInput.NumericTypes);
        context.SetOutput(0, context.InputType(0), context.InputShape(0));
    }

    public override void Execute(KernelContext context)
    {
        var count = context.InputLength(0);
        for (var i = 0; i < count; i++)
        {
            var above = FeatureInput.GetDouble(context, 0, i) > _threshold;
            switch (context.InputType(0))
            {
                case DataType.Float: context.Output<float>(0)[i] = above ? 1 : 0; break;
                case DataType.Double: context.Output<double>(0)[i] = above ? 1 : 0; break;
                case DataType.Int64: context.Output<long>(0)[i] = above ? 1 : 0; break;
                default: context.Output<int>(0)[i] = above ? 1 : 0; break;
            }
        }
    }
}
