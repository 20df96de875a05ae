using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>Copies a request's rows into a batch buffer along dimension 0.</summary>
internal static class TensorRows
{
    public static void CopyRows(Tensor source, Tensor destination, int rowOffset)
    {
        if (source is Tensor<string> text)
        {
            var rowLength = destination.Shape[0] == 0 ? 0 : destination.ElementCount / destination.Shape[0];
            text.Span.CopyTo(((Tensor<string>)destination).Span[(rowOffset * rowLength)..]);
            return;
        }

        var bytes = source.AsBytes();
        var rowBytes = source.Shape[0] == 0 ? 0 : bytes.Length / source.Shape[0];
        bytes.CopyTo(destination.AsBytes()[(rowOffset * rowBytes)..]);
    }

    /// <summary>Whether two tensors agree in every dimension but the first.</summary>
    public static bool SameRowShape(Tensor left, Tensor right)
    {
        if (left.Rank != right.Rank)
        {
            return false;
        }

        var a = left.Shape.Dimensions;
        var b = right.Shape.Dimensions;
        return a[1..].SequenceEqual(b[1..]);
    }
}
