using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Tests;

/// <summary>Models and reference computations shared by the tests.</summary>
internal static class TestModels
{
    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        }

        return values;
    }

    /// <summary>An MLP: Gemm + Relu per hidden layer, a final Gemm and a Softmax; weights stored [in, out].</summary>
    public static (byte[] Model, List<(float[] W, float[] B, int In, int Out)> Layers) Mlp(params int[] sizes)
    {
        var builder = new OnnxModelBuilder().AddInput("input", TensorElementType.Float32, "N", sizes[0]);
        var layers = new List<(float[], float[], int, int)>();
        var current = "input";
        for (var i = 0; i + 1 < sizes.Length; i++)
        {
            var w = Random(sizes[i] * sizes[i + 1], 10 + i, 1f / MathF.Sqrt(sizes[i]));
            var b = Random(sizes[i + 1], 100 + i, 0.1f);
            layers.Add((w, b, sizes[i], sizes[i + 1]));
            builder.AddInitializer($"w{i}", Tensor.Create(w, sizes[i], sizes[i + 1]));
            builder.AddInitializer($"b{i}", Tensor.Create(b, sizes[i + 1]));
            builder.AddNode("Gemm", [current, $"w{i}", $"b{i}"], [$"g{i}"]);
            current = $"g{i}";
            if (i + 2 < sizes.Length)
            {
                builder.AddNode("Relu", [current], [$"r{i}"]);
                current = $"r{i}";
            }
        }

        builder.AddNode("Softmax", [current], ["output"], a => a.Set("axis", 1L));
        builder.AddOutput("output", TensorElementType.Float32, "N", sizes[^1]);
        return (builder.ToBytes(), layers);
    }

    public static float[] MlpReference(List<(float[] W, float[] B, int In, int Out)> layers, float[] input, int batch)
    {
        var x = input;
        for (var l = 0; l < layers.Count; l++)
        {
            var (w, b, inSize, outSize) = layers[l];
            var y = new float[batch * outSize];
            for (var r = 0; r < batch; r++)
            {
                for (var j = 0; j < outSize; j++)
                {
                    double sum = b[j];
                    for (var k = 0; k < inSize; k++)
                    {
                        sum += x[(r * inSize) + k] * w[(k * outSize) + j];
                    }

                    y[(r * outSize) + j] = l + 1 < layers.Count ? (float)Math.Max(sum, 0) : (float)sum;
                }
            }

            x = y;
        }

        var classes = layers[^1].Out;
        for (var r = 0; r < batch; r++)
        {
            var row = x.AsSpan(r * classes, classes);
            var max = row.ToArray().Max();
            double total = 0;
            foreach (var v in row)
            {
                total += Math.Exp(v - max);
            }

            for (var j = 0; j < classes; j++)
            {
                row[j] = (float)(Math.Exp(row[j] - max) / total);
            }
        }

        return x;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative = 1e-4, double absolute = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = absolute + (relative * Math.Abs(expected[i]));
            if (Math.Abs(expected[i] - actual[i]) > tolerance)
            {
                Assert.Fail($"Element {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance}).");
            }
        }
    }
}
