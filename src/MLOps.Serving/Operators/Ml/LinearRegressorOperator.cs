using MLOps.Serving.Graph;
using MLOps.Serving.Kernels.Trees;

namespace MLOps.Serving.Operators.Ml;

/// <summary>ai.onnx.ml LinearRegressor: <c>Y = X · Wᵀ + intercepts</c> per target, then the post transform.</summary>
internal sealed class LinearRegressorOperator : Operator
{
    private readonly float[] _coefficients;
    private readonly float[] _intercepts;
    private readonly int _targets;
    private readonly PostTransform _postTransform;

    public LinearRegressorOperator(Node node)
        : base(node)
    {
        _coefficients = node.Attributes.GetFloats("coefficients") ?? throw Error("attribute 'coefficients' is missing.");
        _intercepts = node.Attributes.GetFloats("intercepts") ?? [];
        _targets = (int)node.Attributes.GetInt("targets", 1);
        _postTransform = ScoreTransforms.Parse(node.Attributes.GetString("post_transform", "NONE"), node.Description);
        if (_targets < 1 || _coefficients.Length % _targets != 0 || (_intercepts.Length != 0 && _intercepts.Length != _targets))
        {
            throw Error($"{_coefficients.Length} coefficients and {_intercepts.Length} intercepts do not fit {_targets} targets.");
        }
    }

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, FeatureInput.NumericTypes);
        var (rows, columns) = FeatureInput.Matrix(context, 0);
        if (columns * _targets != _coefficients.Length)
        {
            throw context.Error($"X '{context.InputName(0)}' has {columns} features but the model has {_coefficients.Length / _targets} coefficients per target.");
        }

        context.SetOutput(0, DataType.Float, [rows, _targets]);
        context.State = (rows, columns);
    }

    public override void Execute(KernelContext context)
    {
        var (rows, columns) = ((int, int))context.State!;
        var output = context.Output<float>(0);
        for (var r = 0; r < rows; r++)
        {
            var y = output.Slice(r * _targets, _targets);
            for (var t = 0; t < _targets; t++)
            {
                var sum = _intercepts.Length > 0 ? _intercepts[t] : 0f;
                for (var c = 0; c < columns; c++)
                {
                    sum += FeatureInput.Get(context, 0, (r * columns) + c) * _coefficients[(t * columns) + c];
                }

                y[t] = sum;
            }

            ScoreTransforms.Apply(_postTransform, y);
        }
    }
}
