using System.Globalization;
using System.Text;

namespace MLOps.Tensors;

/// <summary>
/// The dimensions of a dense, row-major <see cref="Tensor"/>: rank 0 is a scalar (one element),
/// rank 1 a vector, and so on. Sizes may be zero (an empty batch) but never negative, and the
/// product of the non-zero sizes must fit in an <see cref="int"/>, because a tensor's storage is
/// one <see cref="Memory{T}"/>.
/// </summary>
/// <remarks>
/// Immutable: the constructor copies its input. <c>default(TensorShape)</c> is the scalar shape.
/// Equality is by dimensions. Thread-safe.
/// </remarks>
public readonly struct TensorShape : IEquatable<TensorShape>
{
    private readonly int[]? _dimensions;
    private readonly int _elementCount;

    /// <summary>Creates a shape from its dimension sizes, outermost first.</summary>
    /// <param name="dimensions">The sizes; empty for a scalar. Copied.</param>
    /// <exception cref="ValidationException">A size is negative, or the product of the non-zero sizes exceeds <see cref="int.MaxValue"/>; the message names the dimension index.</exception>
    public TensorShape(params ReadOnlySpan<int> dimensions)
    {
        _elementCount = CountElements(dimensions);
        _dimensions = dimensions.ToArray();
    }

    private TensorShape(int[] dimensions, int elementCount)
    {
        _dimensions = dimensions;
        _elementCount = elementCount;
    }

    /// <summary>The shape of a scalar: rank 0, one element.</summary>
    public static TensorShape Scalar => default;

    /// <summary>The number of dimensions; 0 for a scalar.</summary>
    public int Rank => _dimensions?.Length ?? 0;

    /// <summary>The number of elements: the product of the sizes, 1 for a scalar.</summary>
    public int ElementCount => _dimensions is null ? 1 : _elementCount;

    /// <summary>Whether this is the rank-0 shape.</summary>
    public bool IsScalar => Rank == 0;

    /// <summary>The sizes, outermost first.</summary>
    public ReadOnlySpan<int> Dimensions => _dimensions;

    /// <summary>The size of one dimension.</summary>
    /// <param name="dimension">The dimension index, 0 for the outermost.</param>
    /// <returns>The size.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is not in [0, <see cref="Rank"/>).</exception>
    public int this[int dimension]
    {
        get
        {
            if ((uint)dimension >= (uint)Rank)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(dimension), dimension, $"Tensor shape {this} has no dimension {dimension}; its rank is {Rank}.");
            }

            return _dimensions![dimension];
        }
    }

    /// <summary>Equality by dimensions.</summary>
    /// <param name="left">A shape.</param>
    /// <param name="right">Another shape.</param>
    /// <returns>Whether they have the same sizes.</returns>
    public static bool operator ==(TensorShape left, TensorShape right) => left.Equals(right);

    /// <summary>Inequality by dimensions.</summary>
    /// <param name="left">A shape.</param>
    /// <param name="right">Another shape.</param>
    /// <returns>Whether their sizes differ.</returns>
    public static bool operator !=(TensorShape left, TensorShape right) => !left.Equals(right);

    /// <summary>Returns the sizes as a new array.</summary>
    /// <returns>A copy of the dimensions.</returns>
    public int[] ToArray() => Dimensions.ToArray();

    /// <inheritdoc />
    public bool Equals(TensorShape other) => Dimensions.SequenceEqual(other.Dimensions);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TensorShape other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var size in Dimensions)
        {
            hash.Add(size);
        }

        return hash.ToHashCode();
    }

    /// <summary>The sizes in brackets, such as <c>[2, 3]</c>; <c>[]</c> for a scalar.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Format(Dimensions);

    /// <summary>The product of every size but the outermost: the elements in one row along dimension 0.</summary>
    internal int RowElementCount
    {
        get
        {
            var count = 1;
            for (var i = 1; i < Rank; i++)
            {
                count *= _dimensions![i];
            }

            // Cannot overflow: CountElements checked the product of the non-zero sizes.
            return count;
        }
    }

    /// <summary>This shape with the outermost size replaced.</summary>
    /// <param name="size">The new size of dimension 0.</param>
    /// <returns>The new shape.</returns>
    /// <exception cref="ValidationException">The new element count does not fit in an <see cref="int"/>.</exception>
    internal TensorShape WithOuterDimension(int size)
    {
        var dimensions = ToArray();
        dimensions[0] = size;
        return new TensorShape(dimensions, CountElements(dimensions));
    }

    internal static string Format(ReadOnlySpan<int> dimensions)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < dimensions.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(dimensions[i].ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(']').ToString();
    }

    private static int CountElements(ReadOnlySpan<int> dimensions)
    {
        var hasZero = false;
        for (var i = 0; i < dimensions.Length; i++)
        {
            if (dimensions[i] < 0)
            {
                throw new ValidationException(
                    $"Tensor shape {Format(dimensions)} has negative size {dimensions[i]} at dimension {i}.");
            }

            hasZero |= dimensions[i] == 0;
        }

        // Zero sizes are skipped so that every partial product (the elements in a row, say) fits in
        // an int even when the whole tensor is empty.
        long count = 1;
        for (var i = 0; i < dimensions.Length; i++)
        {
            count *= Math.Max(dimensions[i], 1);
            if (count > int.MaxValue)
            {
                throw new ValidationException(
                    $"Tensor shape {Format(dimensions)} has more than {int.MaxValue} elements; the count overflows at dimension {i}.");
            }
        }

        return hasZero ? 0 : (int)count;
    }
}
