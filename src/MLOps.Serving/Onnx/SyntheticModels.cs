using MLOps.Tensors;

namespace MLOps.Serving.Onnx;

/// <summary>
/// Models with seeded random weights for load tests, benchmarks and examples: the shapes of real
/// workloads without a training run. The same arguments always give the same bytes.
/// </summary>
public static class SyntheticModels
{
    /// <summary>
    /// A multilayer perceptron: Gemm + Relu per hidden layer, a final Gemm and a Softmax, with input
    /// <c>input</c> <c>[N, sizes[0]]</c> and output <c>output</c> <c>[N, sizes[^1]]</c>.
    /// </summary>
    /// <param name="sizes">Layer widths, input first, at least two (such as 256, 512, 512, 10).</param>
    /// <param name="seed">The weights' seed.</param>
    /// <returns>The ONNX model's bytes.</returns>
    /// <exception cref="ValidationException">Fewer than two sizes, or a size below 1.</exception>
    public static byte[] Mlp(IReadOnlyList<int> sizes, int seed = 3)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2 || sizes.Any(s => s < 1))
        {
            throw new ValidationException($"An MLP needs at least two layer widths of 1 or more; got [{string.Join(", ", sizes)}].");
        }

#pragma warning disable CA5394 // Synthetic weights, not security.
        var random = new Random(seed);
        var builder = new OnnxModelBuilder().AddInput("input", TensorElementType.Float32, "N", sizes[0]);
        var current = "input";
        for (var i = 0; i + 1 < sizes.Count; i++)
        {
            var scale = 1 / MathF.Sqrt(sizes[i]);
            var weights = new float[sizes[i] * sizes[i + 1]];
            for (var j = 0; j < weights.Length; j++)
            {
                weights[j] = (float)((random.NextDouble() * 2) - 1) * scale;
            }

            var bias = new float[sizes[i + 1]];
            for (var j = 0; j < bias.Length; j++)
            {
                bias[j] = (float)((random.NextDouble() * 2) - 1) * 0.1f;
            }
#pragma warning restore CA5394

            builder.AddInitializer($"w{i}", Tensor.Create(weights, sizes[i], sizes[i + 1]));
            builder.AddInitializer($"b{i}", Tensor.Create(bias, sizes[i + 1]));
            builder.AddNode("Gemm", [current, $"w{i}", $"b{i}"], [$"g{i}"]);
            current = $"g{i}";
            if (i + 2 < sizes.Count)
            {
                builder.AddNode("Relu", [current], [$"r{i}"]);
                current = $"r{i}";
            }
        }

        builder.AddNode("Softmax", [current], ["output"], a => a.Set("axis", 1L));
        builder.AddOutput("output", TensorElementType.Float32, "N", sizes[^1]);
        return builder.ToBytes();
    }
}
