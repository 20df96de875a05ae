using MLOps.Serving.Graph;
using MLOps.Serving.Kernels.Trees;

namespace MLOps.Serving.Operators.Ml;

/// <summary>
/// ai.onnx.ml LinearClassifier: one score per class (<c>X · Wᵀ + intercepts</c>), post-transformed,
/// and the winning label. With one coefficient row and two labels the score is the second class's,
/// and the scores come out as two columns.
/// </summary>
internal sealed class LinearClassifierOperator : Operator
{
    private readonly float[] _coefficients;
    private readonly float[] _intercepts;
    private readonly ClassLabels _labels;
    private readonly PostTransform _postTransform;
    private readonly int _classes;

    public LinearClassifierOperator(Node node)
        : base(node)
    {
        _coefficients = node.Attributes.GetFloats("coefficients") ?? throw Error("attribute 'coefficients' is missing.");
        _intercepts = node.Attributes.GetFloats("intercepts") ?? [];
        _labels = ClassLabels.Read(node.Attributes, node.Description);
        _postTransform = ScoreTransforms.Parse(node.Attributes.GetString("post_transform", "NONE"), node.Description);
        _classes = _intercepts.Length > 0 ? _intercepts.Length : _labels.Count;
        if (_classes < 1 || _coefficients.Length % _classes != 0)
        {
            throw Error($"{_coefficients.Length} coefficients do not divide into {_classes} classes.");
        }

        if (node.Attributes.GetInt("multi_class", 0) != 0)
        {
            throw node.Attributes.Invalid("multi_class", "other than 0 is not supported");
        }
    }

    private bool Binary => _classes == 1 && _labels.Count == 2;

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, FeatureInput.NumericTypes);
        var (rows, columns) = FeatureInput.Matrix(context, 0);
        if (columns * _classes != _coefficients.Length)
        {
            throw context.Error($"X '{context.InputName(0)}' has {columns} features but the model has {_coefficients.Length / _classes} coefficients per class.");
        }

        context.SetOutput(0, _labels.Type, [rows]);
        context.SetOutput(1, DataType.Float, [rows, Binary ? 2 : _classes]);
        context.RequestScratch(_classes * sizeof(float));
        context.State = (rows, columns);
    }

    public override unsafe void Execute(KernelContext context)
    {
        var (rows, columns) = ((int, int))context.State!;
        var output = context.Output<float>(1);
        var scores = new Span<float>(context.Scratch, _classes);
        for (var r = 0; r < rows; r++)
        {
            for (var k = 0; k < _classes; k++)
            {
                var sum = _intercepts.Length > 0 ? _intercepts[k] : 0f;
                for (var c = 0; c < columns; c++)
                {
                    sum += FeatureInput.Get(context, 0, (r * columns) + c) * _coefficients[(k * columns) + c];
                }

                scores[k] = sum;
            }

            int winner;
            if (Binary)
            {
                var s = scores[0];
                var pair = output.Slice(r * 2, 2);
                winner = s > 0 ? 1 : 0;
                if (_postTransform == PostTransform.Logistic)
                {
                    pair[1] = ScoreTransforms.Logistic(s);
                    pair[0] = 1 - pair[1];
                }
                else
                {
                    pair[0] = -s;
                    pair[1] = s;
                    ScoreTransforms.Apply(_postTransform, pair);
                }
            }
            else
            {
                winner = 0;
                for (var k = 1; k < _classes; k++)
                {
                    if (scores[k] > scores[winner])
                    {
                        winner = k;
                    }
                }

                ScoreTransforms.Apply(_postTransform, scores);
                scores.CopyTo(output.Slice(r * _classes, _classes));
                if (_classes == 1)
                {
                    winner = scores[0] > 0 ? 0 : winner;
                }
            }

            _labels.Write(context, 0, r, Math.Min(winner, _labels.Count - 1));
        }
    }
}
