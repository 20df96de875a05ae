using FsCheck;
using FsCheck.Fluent;

namespace MLOps.Abstractions.Tests.Tensors;

/// <summary>Small shapes and int payloads, so properties stay fast and comparisons exact.</summary>
internal static class TensorGenerators
{
    /// <summary>Rank 0 to 4, sizes 0 to 4.</summary>
    public static Gen<int[]> Dimensions(int minRank = 0, int minSize = 0) =>
        Gen.Choose(minRank, 4).SelectMany(rank => Gen.ArrayOf(Gen.Choose(minSize, 4), rank));

    /// <summary>A shape and row-major data of exactly its element count.</summary>
    public static Gen<(int[] Dimensions, int[] Data)> ShapedData(int minRank = 0, int minSize = 0) =>
        Dimensions(minRank, minSize).SelectMany(
            dimensions => Gen.ArrayOf(Gen.Choose(-1000, 1000), Product(dimensions)),
            (dimensions, data) => (dimensions, data));

    public static int Product(int[] dimensions) => dimensions.Aggregate(1, (product, size) => product * size);

    /// <summary>Row-major offset from explicit strides, independent of the code under test.</summary>
    public static int RowMajorOffset(int[] dimensions, int[] indices)
    {
        var offset = 0;
        for (var i = 0; i < dimensions.Length; i++)
        {
            var stride = 1;
            for (var j = i + 1; j < dimensions.Length; j++)
            {
                stride *= dimensions[j];
            }

            offset += indices[i] * stride;
        }

        return offset;
    }
}
