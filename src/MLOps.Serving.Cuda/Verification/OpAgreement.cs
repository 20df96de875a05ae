using MLOps.Tensors;

namespace MLOps.Serving.Cuda.Verification;

/// <summary>Runs one covered op on CUDA and on the CPU executor with the same random inputs and measures how far they differ.</summary>
internal static class OpAgreement
{
    /// <summary>The tolerance the check console and the GPU tests hold every op to (float32).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Compares CUDA with the CPU executor for one op's model.</summary>
    /// <param name="op">A covered op (see <see cref="CoveredOpModels.Names"/>).</param>
    /// <param name="options">CUDA options; fallback is turned off so the op really runs on the GPU.</param>
    /// <param name="seed">The inputs' seed.</param>
    /// <returns>The largest relative error over all output elements, and how many elements were compared.</returns>
    public static (double MaxRelativeError, int Elements) Compare(string op, CudaOptions options, int seed)
    {
        var (bytes, shapes) = CoveredOpModels.Create(op);
        var strict = options.Clone();
        strict.AllowCpuFallback = false;
        using var cpu = OnnxModel.Load(bytes);
        using var gpu = CudaExecutor.Load(bytes, strict);
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < shapes.Length; i++)
        {
            var count = shapes[i].Aggregate(1, static (a, b) => a * b);
            var values = CoveredOpModels.RandomValues(count, seed + i, 2f);
            if (op is "Log" or "Sqrt")
            {
                values = [.. values.Select(static v => MathF.Abs(v) + 0.05f)];
            }

            inputs[cpu.Signature.Inputs[i].Name] = Tensor.Create(values, shapes[i]);
        }

        var expected = cpu.Run(inputs);
        var actual = gpu.Run(inputs);
        var worst = 0.0;
        var elements = 0;
        foreach (var (name, tensor) in expected)
        {
            var e = ((Tensor<float>)tensor).Span;
            var a = ((Tensor<float>)actual[name]).Span;
            worst = Math.Max(worst, MaxRelativeError(a, e));
            elements += e.Length;
        }

        return (worst, elements);
    }

    /// <summary>The largest <c>|actual − expected| / max(|expected|, 1)</c>: relative error, absolute below magnitude 1 (so values that cancel to near zero are not judged by a vanishing denominator). NaN where they disagree on NaN.</summary>
    public static double MaxRelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        if (actual.Length != expected.Length)
        {
            return double.PositiveInfinity;
        }

        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(expected[i]) || float.IsNaN(actual[i]))
            {
                if (float.IsNaN(expected[i]) != float.IsNaN(actual[i]))
                {
                    return double.NaN;
                }

                continue;
            }

            var error = Math.Abs((double)actual[i] - expected[i]) / Math.Max(Math.Abs((double)expected[i]), 1.0);
            worst = Math.Max(worst, error);
        }

        return worst;
    }
}
