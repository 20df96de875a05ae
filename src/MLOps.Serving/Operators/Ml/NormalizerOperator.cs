using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators.Ml;

/// <summary>ai.onnx.ml Normalizer: each row divided by its MAX, L1 or L2 norm (rows whose norm is 0 are left as they are).</summary>
internal sealed class NormalizerOperator : Operator
{
    private readonly string _norm;

    public NormalizerOperator(Node node)
        : base(node)
    {
        _norm = node.Attributes.GetString("norm", "MAX");
        if (_norm is not ("MAX" or "L1" or "L2"))
        {
            throw node.Attributes.Invalid("norm", $"is '{_norm}'; expected MAX, L1 or L2");
        }
    }

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, FeatureInput.NumericTypes);
        var matrix = FeatureInput.Matrix(context, 0);
        context.SetOutput(0, DataType.Float, context.InputShape(0));
        context.State = matrix;
    }

    public override void Execute(KernelContext context)
    {
        var (rows, columns) = ((int, int))context.State!;
        var output = context.Output<float>(0);
        for (var r = 0; r < rows; r++)
        {
            var row = output.Slice(r * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                row[c] = FeatureInput.Get(context, 0, (r * columns) + c);
            }

            var norm = 0f;
            switch (_norm)
            {
                case "MAX":
                    norm = float.NegativeInfinity;
                    foreach (var v in row)
                    {
                        norm = Math.Max(norm, v);
                    }

                    break;
                case "L1":
                    foreach (var v in row)
                    {
                        norm += Math.Abs(v);
                    }

                    break;
                default:
                    foreach (var v in row)
                    {
                        norm += v * v;
                    }

                    norm = MathF.Sqrt(norm);
                    break;
            }

            if (norm != 0 && float.IsFinite(norm))
            {
                for (var c = 0; c < columns; c++)
                {
                    row[c] /= norm;
                }
            }
        }
    }
}
