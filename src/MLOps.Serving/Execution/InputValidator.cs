using System.Globalization;
using MLOps.Serving.Graph;
using MLOps.Tensors;

namespace MLOps.Serving.Execution;

/// <summary>Checks callers' tensors against the graph's declared inputs and outputs; messages name the tensor.</summary>
internal static class InputValidator
{
    public static void CheckInput(Value input, Tensor? tensor)
    {
        if (tensor is null)
        {
            throw new ValidationException($"Input '{input.Name}' is missing (null).");
        }

        var expected = input.Type;
        if (expected != DataType.Undefined && DataTypes.FromPublic(tensor.ElementType) != expected)
        {
            throw new ValidationException(
                $"Input '{input.Name}' is {tensor.ElementType.ToDatatypeName()} but the model expects {Describe(expected)}.");
        }

        if (input.Shape is not { } declared)
        {
            return;
        }

        var dims = tensor.Shape.Dimensions;
        if (dims.Length != declared.Length)
        {
            throw new ValidationException(
                $"Input '{input.Name}' has shape {tensor.Shape} (rank {dims.Length}) but the model expects rank {declared.Length}: {Format(declared)}.");
        }

        for (var i = 0; i < declared.Length; i++)
        {
            if (declared[i].Size is { } size && size != dims[i])
            {
                throw new ValidationException(
                    $"Input '{input.Name}' has shape {tensor.Shape} but the model expects {Format(declared)}: dimension {i} must be {size}.");
            }
        }
    }

    /// <summary>Checks that dimensions sharing a symbol (say, the batch size N) agree across inputs.</summary>
    public static void CheckSymbols(IReadOnlyList<Value> inputs, ReadOnlySpan<Tensor> tensors)
    {
        for (var a = 0; a < inputs.Count; a++)
        {
            if (inputs[a].Shape is not { } first)
            {
                continue;
            }

            for (var i = 0; i < first.Length; i++)
            {
                if (first[i].Symbol is not { } symbol)
                {
                    continue;
                }

                for (var b = a; b < inputs.Count; b++)
                {
                    if (inputs[b].Shape is not { } second)
                    {
                        continue;
                    }

                    for (var j = 0; j < second.Length; j++)
                    {
                        if (string.Equals(second[j].Symbol, symbol, StringComparison.Ordinal) && tensors[a].Shape[i] != tensors[b].Shape[j])
                        {
                            throw new ValidationException(
                                $"Dimension '{symbol}' is {tensors[a].Shape[i]} in input '{inputs[a].Name}' {tensors[a].Shape} but {tensors[b].Shape[j]} in input '{inputs[b].Name}' {tensors[b].Shape}.");
                        }
                    }
                }
            }
        }
    }

    public static void CheckOutput(string name, DataType type, int[] shape, Tensor? tensor)
    {
        if (tensor is null)
        {
            throw new ValidationException($"Output tensor '{name}' is missing (null).");
        }

        if (DataTypes.ToPublic(type) is not { } expected)
        {
            throw new ValidationException($"Output '{name}' is {DataTypes.Name(type)}, which MLOps.Tensors.Tensor cannot carry.");
        }

        if (tensor.ElementType != expected || !tensor.Shape.Dimensions.SequenceEqual(shape))
        {
            throw new ValidationException(
                $"Output tensor '{name}' is {tensor.ElementType.ToDatatypeName()} {tensor.Shape} but the model writes {expected.ToDatatypeName()} {ShapeMath.Format(shape)}.");
        }
    }

    public static string Describe(DataType type) =>
        DataTypes.ToPublic(type)?.ToDatatypeName() ?? DataTypes.Name(type);

    public static string Format(SymbolicDimension[] shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString())) + "]";

    public static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
}
