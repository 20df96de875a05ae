namespace MLOps.Tensors;

/// <summary>Joins tensors along dimension 0, the operation the dynamic batcher uses to build a batch.</summary>
internal static class TensorConcatenation
{
    public static Tensor<T> Concat<T>(IReadOnlyList<Tensor<T>> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ValidationException("Cannot concatenate an empty list of tensors; at least one is needed to know the shape.");
        }

        var first = NotNull(tensors, 0);
        var rows = 0L;
        for (var i = 0; i < tensors.Count; i++)
        {
            var tensor = NotNull(tensors, i);
            CheckCompatible(first, tensor, i);
            rows += tensor.Shape[0];
        }

        if (rows > int.MaxValue)
        {
            throw new ValidationException(
                $"Cannot concatenate {tensors.Count} tensors: together they have {rows} rows along dimension 0, more than {int.MaxValue}.");
        }

        var result = Tensor.Zeros<T>(first.Shape.WithOuterDimension((int)rows));
        var destination = result.Span;
        foreach (var tensor in tensors)
        {
            tensor.Span.CopyTo(destination);
            destination = destination[tensor.ElementCount..];
        }

        return result;
    }

    public static Tensor ConcatUntyped(IReadOnlyList<Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ValidationException("Cannot concatenate an empty list of tensors; at least one is needed to know the element type.");
        }

        return NotNull(tensors, 0).ElementType switch
        {
            TensorElementType.Float32 => Concat(Typed<float>(tensors)),
            TensorElementType.Float64 => Concat(Typed<double>(tensors)),
            TensorElementType.Int32 => Concat(Typed<int>(tensors)),
            TensorElementType.Int64 => Concat(Typed<long>(tensors)),
            TensorElementType.Bool => Concat(Typed<bool>(tensors)),
            TensorElementType.UInt8 => Concat(Typed<byte>(tensors)),
            TensorElementType.String => Concat(Typed<string>(tensors)),
            TensorElementType.Float16 => Concat(Typed<Half>(tensors)),
            TensorElementType.Int8 => Concat(Typed<sbyte>(tensors)),
            TensorElementType.Int16 => Concat(Typed<short>(tensors)),
            TensorElementType.UInt16 => Concat(Typed<ushort>(tensors)),
            TensorElementType.UInt32 => Concat(Typed<uint>(tensors)),
            TensorElementType.UInt64 => Concat(Typed<ulong>(tensors)),
            TensorElementType.BFloat16 => Concat(Typed<BFloat16>(tensors)),
            var other => throw new ArgumentOutOfRangeException(nameof(tensors), other, $"{(int)other} is not a defined {nameof(TensorElementType)}."),
        };
    }

    private static Tensor<T>[] Typed<T>(IReadOnlyList<Tensor> tensors)
    {
        var typed = new Tensor<T>[tensors.Count];
        for (var i = 0; i < typed.Length; i++)
        {
            var tensor = NotNull(tensors, i);
            typed[i] = tensor as Tensor<T> ?? throw new ValidationException(
                $"Cannot concatenate tensor {i} of type {tensor.ElementType} with tensor 0 of type {tensors[0].ElementType}.");
        }

        return typed;
    }

    private static void CheckCompatible(Tensor first, Tensor tensor, int index)
    {
        if (tensor.Rank == 0)
        {
            throw new ValidationException($"Cannot concatenate tensor {index}: it is a scalar, and concatenation is along dimension 0.");
        }

        if (tensor.Rank != first.Rank)
        {
            throw new ValidationException(
                $"Cannot concatenate tensor {index} of shape {tensor.Shape} with tensor 0 of shape {first.Shape}: their ranks differ.");
        }

        for (var d = 1; d < tensor.Rank; d++)
        {
            if (tensor.Shape[d] != first.Shape[d])
            {
                throw new ValidationException(
                    $"Cannot concatenate tensor {index} of shape {tensor.Shape} with tensor 0 of shape {first.Shape}: dimension {d} is {tensor.Shape[d]}, not {first.Shape[d]}.");
            }
        }
    }

    private static TTensor NotNull<TTensor>(IReadOnlyList<TTensor> tensors, int index)
        where TTensor : Tensor =>
        tensors[index] ?? throw new ArgumentNullException(nameof(tensors), $"Tensor {index} of the list to concatenate is null.");
}
