using System.Globalization;
using System.Text;

namespace MLOps.Serving.Graph;

/// <summary>Shape arithmetic shared by shape inference and kernels.</summary>
internal static class ShapeMath
{
    public static int ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var size in shape)
        {
            if (size < 0)
            {
                throw new ValidationException($"Tensor shape {Format(shape)} has a negative size.");
            }

            count *= size;
            if (count > int.MaxValue)
            {
                throw new ValidationException($"Tensor shape {Format(shape)} has more than {int.MaxValue} elements.");
            }
        }

        return (int)count;
    }

    /// <summary>The product of sizes in [start, end).</summary>
    public static int Product(ReadOnlySpan<int> shape, int start, int end)
    {
        var count = 1;
        for (var i = start; i < end; i++)
        {
            count *= shape[i];
        }

        return count;
    }

    public static string Format(ReadOnlySpan<int> shape)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < shape.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(']').ToString();
    }

    /// <summary>Row-major strides of a shape.</summary>
    public static void Strides(ReadOnlySpan<int> shape, Span<long> strides)
    {
        long stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
    }

    /// <summary>Normalises a possibly negative axis into [0, rank); the message names the node.</summary>
    public static int NormalizeAxis(long axis, int rank, string where)
    {
        var normalized = axis < 0 ? axis + rank : axis;
        if (normalized < 0 || normalized >= rank)
        {
            throw new ValidationException($"{where}: axis {axis} is out of range for rank {rank}.");
        }

        return (int)normalized;
    }

    /// <summary>The numpy-style broadcast of two shapes, or null when they are incompatible.</summary>
    public static int[]? Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da == db || db == 1)
            {
                result[i] = da;
            }
            else if (da == 1)
            {
                result[i] = db;
            }
            else
            {
                return null;
            }
        }

        return result;
    }

    public static int[] ToInt32Shape(ReadOnlySpan<long> dims, string where)
    {
        var shape = new int[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0 || dims[i] > int.MaxValue)
            {
                throw new ValidationException($"{where}: dimension {i} has size {dims[i]}, outside [0, {int.MaxValue}].");
            }

            shape[i] = (int)dims[i];
        }

        ElementCount(shape);
        return shape;
    }
}
