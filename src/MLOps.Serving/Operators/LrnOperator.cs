using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>LRN: each value divided by (bias + α/size · Σ squares over nearby channels)^β.</summary>
internal sealed class LrnOperator : Operator
{
    private readonly float _alpha;
    private readonly float _beta;
    private readonly float _bias;
    private readonly int _size;

    public LrnOperator(Node node)
        : base(node)
    {
        _alpha = node.Attributes.GetFloat("alpha", 1e-4f);
        _beta = node.Attributes.GetFloat("beta", 0.75f);
        _bias = node.Attributes.GetFloat("bias", 1f);
        _size = (int)node.Attributes.GetRequiredInt("size");
    }

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, DataType.Float);
        if (context.InputRank(0) < 3)
        {
            throw context.Error($"input {ShapeMath.Format(context.InputShape(0))} must be [N, C, …].");
        }

        context.SetOutput(0, DataType.Float, context.InputShape(0));
    }

    public override void Execute(KernelContext context)
    {
        var shape = context.InputShape(0);
        var x = context.Input<float>(0);
        var y = context.Output<float>(0);
        var channels = shape[1];
        var plane = ShapeMath.Product(shape, 2, shape.Length);
        var before = (_size - 1) / 2;
        var after = _size - 1 - before;
        for (var n = 0; n < shape[0]; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var p = 0; p < plane; p++)
                {
                    double sum = 0;
                    for (var j = Math.Max(0, c - before); j <= Math.Min(channels - 1, c + after); j++)
                    {
                        var v = x[(((n * channels) + j) * plane) + p];
                        sum += v * v;
                    }

                    var index = (((n * channels) + c) * plane) + p;
                    y[index] = (float)(x[index] / Math.Pow(_bias + (_alpha / _size * sum), _beta));
                }
            }
        }
    }
}
