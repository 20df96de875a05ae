using System.Globalization;
using MLOps.Serving;
using MLOps.Tensors;

namespace MLOps.Cli.Commands.Serving;

/// <summary>
/// One model input as the load generator fills it: its name, element type and concrete shape (the
/// first varying dimension is the request's rows, other varying dimensions are 1).
/// </summary>
/// <param name="Name">The input's name.</param>
/// <param name="ElementType">Its element type.</param>
/// <param name="Shape">Its shape in every request.</param>
internal sealed record InputSpec(string Name, TensorElementType ElementType, TensorShape Shape)
{
    /// <summary>The inputs of a loaded model's signature.</summary>
    /// <param name="signature">The signature.</param>
    /// <param name="rows">Rows per request.</param>
    /// <returns>One spec per input.</returns>
    /// <exception cref="ValidationException">An input has a type the generator cannot fill.</exception>
    public static IReadOnlyList<InputSpec> From(ModelSignature signature, int rows) =>
        [.. signature.Inputs.Select(input => Create(
            input.Name,
            input.ElementType ?? throw new ValidationException($"Input '{input.Name}' has ONNX type {input.OnnxDataType.ToString(CultureInfo.InvariantCulture)}, which the load generator cannot fill."),
            input.Dimensions?.Select(d => d.Size ?? -1).ToArray() ?? [-1],
            rows))];

    /// <summary>An input from Open Inference Protocol metadata: a datatype name and a shape with -1 for varying dimensions.</summary>
    /// <param name="name">The input's name.</param>
    /// <param name="elementType">Its element type.</param>
    /// <param name="dimensions">Its dimensions, -1 where they vary.</param>
    /// <param name="rows">Rows per request.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ValidationException">The type cannot be filled.</exception>
    public static InputSpec Create(string name, TensorElementType elementType, IReadOnlyList<int> dimensions, int rows)
    {
        if (elementType is TensorElementType.String)
        {
            throw new ValidationException($"Input '{name}' is BYTES (strings), which the load generator cannot fill.");
        }

        var first = true;
        var shape = new int[dimensions.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            if (dimensions[i] >= 0)
            {
                shape[i] = dimensions[i];
            }
            else
            {
                shape[i] = first ? rows : 1;
                first = false;
            }
        }

        return new InputSpec(name, elementType, new TensorShape(shape));
    }

    /// <summary>A tensor of this input's type and shape with seeded random values (floats in [-1, 1), integers in [0, 4)).</summary>
    /// <param name="random">The source of values.</param>
    /// <returns>The tensor.</returns>
    public Tensor Generate(Random random)
    {
        var tensor = Tensor.Zeros(ElementType, Shape);
#pragma warning disable CA5394 // Load-test inputs, not security.
        switch (tensor)
        {
            case Tensor<float> t:
                Fill(t.Span, random, static r => (float)((r.NextDouble() * 2) - 1));
                break;
            case Tensor<double> t:
                Fill(t.Span, random, static r => (r.NextDouble() * 2) - 1);
                break;
            case Tensor<Half> t:
                Fill(t.Span, random, static r => (Half)((r.NextDouble() * 2) - 1));
                break;
            case Tensor<BFloat16> t:
                Fill(t.Span, random, static r => (BFloat16)((r.NextDouble() * 2) - 1));
                break;
            case Tensor<long> t:
                Fill(t.Span, random, static r => (long)r.Next(4));
                break;
            case Tensor<int> t:
                Fill(t.Span, random, static r => r.Next(4));
                break;
            case Tensor<bool> t:
                Fill(t.Span, random, static r => r.Next(2) == 1);
                break;
            case Tensor<string>:
                break;
            default:
                // The other integer types: a small value in each element's low byte (little-endian).
                var bytes = tensor.AsBytes();
                var size = ElementType.GetElementSize();
                for (var i = 0; i < bytes.Length; i += size)
                {
                    bytes[i] = (byte)random.Next(4);
                }

                break;
        }
#pragma warning restore CA5394

        return tensor;
    }

    private static void Fill<T>(Span<T> span, Random random, Func<Random, T> next)
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = next(random);
        }
    }
}
