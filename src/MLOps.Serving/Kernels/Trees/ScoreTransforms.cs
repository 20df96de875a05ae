namespace MLOps.Serving.Kernels.Trees;

/// <summary>Applies a <see cref="PostTransform"/> to one row of scores.</summary>
internal static class ScoreTransforms
{
    public static PostTransform Parse(string name, string owner) => name switch
    {
        "NONE" => PostTransform.None,
        "SOFTMAX" => PostTransform.Softmax,
        "LOGISTIC" => PostTransform.Logistic,
        "SOFTMAX_ZERO" => PostTransform.SoftmaxZero,
        "PROBIT" => PostTransform.Probit,
        _ => throw new ValidationException($"{owner}: post_transform '{name}' is not one of NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO, PROBIT."),
    };

    public static void Apply(PostTransform transform, Span<float> scores)
    {
        switch (transform)
        {
            case PostTransform.Logistic:
                for (var i = 0; i < scores.Length; i++)
                {
                    scores[i] = Logistic(scores[i]);
                }

                break;
            case PostTransform.Softmax:
                Softmax(scores, zero: false);
                break;
            case PostTransform.SoftmaxZero:
                Softmax(scores, zero: true);
                break;
            case PostTransform.Probit:
                for (var i = 0; i < scores.Length; i++)
                {
                    scores[i] = Probit(scores[i]);
                }

                break;
            default:
                break;
        }
    }

    public static float Logistic(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>The probit (inverse normal CDF) of a probability: √2 · erf⁻¹(2p − 1).</summary>
    public static float Probit(float p) => (float)(Math.Sqrt(2) * InverseErf((2.0 * p) - 1));

    private static void Softmax(Span<float> scores, bool zero)
    {
        var max = float.NegativeInfinity;
        foreach (var v in scores)
        {
            max = Math.Max(max, v);
        }

        var sum = 0f;
        for (var i = 0; i < scores.Length; i++)
        {
            // SOFTMAX_ZERO keeps zero scores at zero probability.
            scores[i] = zero && scores[i] == 0 ? 0 : MathF.Exp(scores[i] - max);
            sum += scores[i];
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = sum == 0 ? 0 : scores[i] / sum;
        }
    }

    /// <summary>Inverse error function: Winitzki's closed-form estimate refined by Newton steps on <see cref="SpecialFunctions.Erf"/>.</summary>
    private static double InverseErf(double y)
    {
        if (y <= -1)
        {
            return double.NegativeInfinity;
        }

        if (y >= 1)
        {
            return double.PositiveInfinity;
        }

        const double a = 0.147;
        var log = Math.Log(1 - (y * y));
        var first = (2 / (Math.PI * a)) + (log / 2);
        var x = Math.Sign(y) * Math.Sqrt(Math.Sqrt((first * first) - (log / a)) - first);
        for (var i = 0; i < 4; i++)
        {
            var error = SpecialFunctions.Erf(x) - y;
            x -= error / (2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x));
        }

        return x;
    }
}
