using MLOps.Tensors;

namespace MLOps.Abstractions.Tests.Tensors;

public sealed class TensorConcatTests
{
    [Fact]
    public void Joins_along_dimension_zero_into_new_storage()
    {
        var a = Tensor.Create(new[] { 1, 2 }, 1, 2);
        var b = Tensor.Create(new[] { 3, 4, 5, 6 }, 2, 2);
        var joined = Tensor.Concat([a, b]);
        Assert.Equal(new TensorShape(3, 2), joined.Shape);
        Assert.Equal([1, 2, 3, 4, 5, 6], joined.ToArray());

        var single = Tensor.Concat([a]);
        single[0, 0] = 99;
        Assert.Equal(1, a[0, 0]);
    }

    [Fact]
    public void Rejects_null_and_empty_lists()
    {
        Assert.Throws<ArgumentNullException>(() => Tensor.Concat((IReadOnlyList<Tensor<int>>)null!));
        Assert.Throws<ArgumentNullException>(() => Tensor.Concat((IReadOnlyList<Tensor>)null!));
        var error = Assert.Throws<ValidationException>(() => Tensor.Concat(Array.Empty<Tensor<int>>()));
        Assert.Contains("empty list", error.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => Tensor.Concat(Array.Empty<Tensor>()));
    }

    [Fact]
    public void Rejects_a_null_tensor_naming_its_index()
    {
        var a = Tensor.Zeros<int>(1, 2);
        var error = Assert.Throws<ArgumentNullException>(() => Tensor.Concat([a, null!]));
        Assert.Contains("Tensor 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => Tensor.Concat(new Tensor[] { null!, a }));
    }

    [Fact]
    public void Rejects_a_scalar_naming_its_index()
    {
        var error = Assert.Throws<ValidationException>(() => Tensor.Concat([Tensor.Zeros<int>(1), Tensor.Scalar(1)]));
        Assert.Equal("Cannot concatenate tensor 1: it is a scalar, and concatenation is along dimension 0.", error.Message);
    }

    [Fact]
    public void Rejects_a_different_rank_naming_its_index()
    {
        var error = Assert.Throws<ValidationException>(() => Tensor.Concat([Tensor.Zeros<int>(1, 2), Tensor.Zeros<int>(1, 2), Tensor.Zeros<int>(2)]));
        Assert.Equal("Cannot concatenate tensor 2 of shape [2] with tensor 0 of shape [1, 2]: their ranks differ.", error.Message);
    }

    [Fact]
    public void Rejects_different_trailing_sizes_naming_the_index_and_dimension()
    {
        var error = Assert.Throws<ValidationException>(() => Tensor.Concat([Tensor.Zeros<int>(1, 2, 3), Tensor.Zeros<int>(4, 2, 5)]));
        Assert.Equal("Cannot concatenate tensor 1 of shape [4, 2, 5] with tensor 0 of shape [1, 2, 3]: dimension 2 is 5, not 3.", error.Message);
    }

    [Fact]
    public void Rejects_more_than_int_max_rows()
    {
        // Zero-width rows need no storage, so the overflow check is reachable without gigabytes.
        var huge = Tensor.Zeros<byte>(int.MaxValue, 0);
        var error = Assert.Throws<ValidationException>(() => Tensor.Concat([huge, huge]));
        Assert.Contains("4294967294 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Untyped_concat_rejects_mixed_element_types_naming_the_index()
    {
        var error = Assert.Throws<ValidationException>(() => Tensor.Concat(new Tensor[] { Tensor.Zeros<float>(1), Tensor.Zeros<float>(1), Tensor.Zeros<double>(1) }));
        Assert.Equal("Cannot concatenate tensor 2 of type Float64 with tensor 0 of type Float32.", error.Message);
    }

    [Theory]
    [InlineData(TensorElementType.Float32)]
    [InlineData(TensorElementType.Float64)]
    [InlineData(TensorElementType.Int32)]
    [InlineData(TensorElementType.Int64)]
    [InlineData(TensorElementType.Bool)]
    [InlineData(TensorElementType.UInt8)]
    [InlineData(TensorElementType.String)]
    [InlineData(TensorElementType.Float16)]
    public void Untyped_concat_handles_every_element_type(TensorElementType elementType)
    {
        var joined = Tensor.Concat([Tensor.Zeros(elementType, new TensorShape(1, 2)), Tensor.Zeros(elementType, new TensorShape(2, 2))]);
        Assert.Equal(elementType, joined.ElementType);
        Assert.Equal(new TensorShape(3, 2), joined.Shape);
        Assert.Equal(elementType.GetClrType(), joined.GetType().GetGenericArguments()[0]);
    }
}
