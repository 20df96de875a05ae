using MLOps.Tensors;

namespace MLOps.Abstractions.Tests.Tensors;

public sealed class TensorShapeTests
{
    [Fact]
    public void Formats_dimensions_in_brackets()
    {
        Assert.Equal("[2, 3]", new TensorShape(2, 3).ToString());
        Assert.Equal("[7]", new TensorShape(7).ToString());
        Assert.Equal("[]", TensorShape.Scalar.ToString());
    }

    [Fact]
    public void Scalar_and_default_are_rank_zero_with_one_element()
    {
        Assert.Equal(0, TensorShape.Scalar.Rank);
        Assert.Equal(1, TensorShape.Scalar.ElementCount);
        Assert.True(TensorShape.Scalar.IsScalar);
        Assert.Equal(TensorShape.Scalar, default);
        Assert.Equal(TensorShape.Scalar, new TensorShape([]));
        Assert.Empty(default(TensorShape).ToArray());
    }

    [Fact]
    public void Counts_elements_and_allows_zero_sizes()
    {
        Assert.Equal(24, new TensorShape(2, 3, 4).ElementCount);
        Assert.Equal(0, new TensorShape(5, 0, 3).ElementCount);
        Assert.Equal(0, new TensorShape(0, int.MaxValue).ElementCount);
        Assert.Equal(int.MaxValue, new TensorShape(int.MaxValue, 1).ElementCount);
    }

    [Fact]
    public void Equality_is_by_dimensions()
    {
        var a = new TensorShape(2, 3);
        var b = new TensorShape(new[] { 2, 3 });
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new TensorShape(3, 2));
        Assert.NotEqual(a, new TensorShape(2, 3, 1));
        Assert.False(a.Equals("[2, 3]"));
    }

    [Fact]
    public void Copies_its_input_so_it_stays_immutable()
    {
        var dimensions = new[] { 2, 3 };
        var shape = new TensorShape(dimensions);
        dimensions[0] = 9;
        shape.ToArray()[1] = 9;
        Assert.Equal("[2, 3]", shape.ToString());
    }

    [Fact]
    public void Indexer_returns_sizes_and_rejects_missing_dimensions()
    {
        var shape = new TensorShape(2, 3);
        Assert.Equal(2, shape[0]);
        Assert.Equal(3, shape[1]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => shape[2]);
        Assert.Contains("no dimension 2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => shape[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorShape.Scalar[0]);
    }

    [Fact]
    public void Negative_size_is_rejected_naming_the_dimension()
    {
        var error = Assert.Throws<ValidationException>(() => new TensorShape(2, -1));
        Assert.Equal("Tensor shape [2, -1] has negative size -1 at dimension 1.", error.Message);
    }

    [Fact]
    public void Element_count_overflow_is_rejected_naming_the_dimension()
    {
        var error = Assert.Throws<ValidationException>(() => new TensorShape(1, 65536, 65536));
        Assert.Contains("overflows at dimension 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 65536, 65536]", error.Message, StringComparison.Ordinal);

        // A zero size does not excuse an overflowing row: slicing needs every partial product.
        Assert.Throws<ValidationException>(() => new TensorShape(0, 65536, 65536));
    }
}
