using MLOps.Tensors;

namespace MLOps.Abstractions.Tests.Tensors;

public sealed class TensorTests
{
    [Fact]
    public void Create_rejects_data_that_does_not_fill_the_shape()
    {
        var error = Assert.Throws<ValidationException>(() => Tensor.Create(new float[5], 2, 3));
        Assert.Equal("Tensor data has 5 elements but shape [2, 3] needs 6.", error.Message);
        Assert.Throws<ValidationException>(() => Tensor.Create(new float[7], new TensorShape(2, 3)));
        Assert.Throws<ValidationException>(() => Tensor.FromMemory(new Memory<float>(new float[8], 1, 5), new TensorShape(2, 3)));
        Assert.Throws<ValidationException>(() => Tensor.Create(new float[2]));
    }

    [Fact]
    public void Create_rejects_null_data_and_bad_shapes()
    {
        Assert.Throws<ArgumentNullException>(() => Tensor.Create<float>(null!, 1));
        Assert.Throws<ArgumentNullException>(() => Tensor.Create<float>(null!, TensorShape.Scalar));
        var error = Assert.Throws<ValidationException>(() => Tensor.Create(new float[6], 2, -3));
        Assert.Contains("dimension 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_element_types_are_rejected_at_creation()
    {
        var error = Assert.Throws<ValidationException>(() => Tensor.Create(new decimal[1]));
        Assert.Contains("System.Decimal is not supported", error.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => Tensor.Zeros<char>(2));
        Assert.Throws<ValidationException>(() => Tensor.Scalar(DateTime.UnixEpoch));
        Assert.Throws<ValidationException>(() => Tensor.FromMemory(new Memory<object>(new object[1]), TensorShape.Scalar));
    }

    [Fact]
    public void FromMemory_wraps_a_segment_without_copying()
    {
        var buffer = new float[10];
        var tensor = Tensor.FromMemory(new Memory<float>(buffer, 2, 6), new TensorShape(2, 3));
        tensor[1, 2] = 42f;
        Assert.Equal(42f, buffer[7]);
        Assert.Equal(TensorElementType.Float32, tensor.ElementType);
        Assert.Equal("Float32 [2, 3]", tensor.ToString());
    }

    [Fact]
    public void Scalar_has_rank_zero_and_is_indexed_with_no_indices()
    {
        var tensor = Tensor.Scalar(2.5);
        Assert.Equal(0, tensor.Rank);
        Assert.Equal(1, tensor.ElementCount);
        Assert.Equal(2.5, tensor[ReadOnlySpan<int>.Empty]);
        Assert.Equal(TensorElementType.Float64, tensor.ElementType);
        Assert.Equal(0, tensor.GetOffset());
    }

    [Fact]
    public void Zeros_fills_every_supported_type_with_its_zero()
    {
        Assert.All(Tensor.Zeros<float>(2, 2).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Tensor.Zeros<bool>(3).ToArray(), Assert.False);
        Assert.All(Tensor.Zeros<Half>(3).ToArray(), v => Assert.Equal(Half.Zero, v));
        Assert.All(Tensor.Zeros<string>(2, 1).ToArray(), v => Assert.Equal(string.Empty, v));
        Assert.All(((Tensor<string>)Tensor.Zeros(TensorElementType.String, new TensorShape(3))).ToArray(), v => Assert.Equal(string.Empty, v));
        Assert.Equal(TensorElementType.UInt8, Tensor.Zeros<byte>(TensorShape.Scalar).ElementType);
        Assert.Equal(TensorElementType.Int64, Tensor.Zeros<long>(0).ElementType);
    }

    [Fact]
    public void Indexer_rejects_wrong_index_count()
    {
        var tensor = Tensor.Zeros<int>(2, 3);
        var error = Assert.Throws<ValidationException>(() => tensor[1]);
        Assert.Equal("A tensor of shape [2, 3] takes 2 indices; got 1.", error.Message);
        Assert.Throws<ValidationException>(() => tensor[1, 1, 1] = 3);
        Assert.Throws<ValidationException>(() => Tensor.Scalar(1)[0]);
    }

    [Theory]
    [InlineData(2, 0, 0, "Index 2 is out of range for dimension 0 of tensor shape [2, 3], whose size is 2.")]
    [InlineData(0, 3, 1, "Index 3 is out of range for dimension 1 of tensor shape [2, 3], whose size is 3.")]
    [InlineData(-1, 0, 0, "Index -1 is out of range for dimension 0 of tensor shape [2, 3], whose size is 2.")]
    [InlineData(1, -5, 1, "Index -5 is out of range for dimension 1 of tensor shape [2, 3], whose size is 3.")]
    public void Indexer_rejects_out_of_range_indices_naming_the_dimension(int i, int j, int dimension, string message)
    {
        var tensor = Tensor.Zeros<int>(2, 3);
        var error = Assert.Throws<ValidationException>(() => tensor[i, j]);
        Assert.Equal(message, error.Message);
        Assert.Contains($"dimension {dimension}", error.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => tensor[i, j] = 1);
    }

    [Fact]
    public void Reshape_rejects_a_different_element_count()
    {
        var tensor = Tensor.Zeros<int>(2, 3);
        var error = Assert.Throws<ValidationException>(() => tensor.Reshape(4, 2));
        Assert.Equal("Cannot reshape a tensor of shape [2, 3] (6 elements) to [4, 2] (8 elements).", error.Message);
        Assert.Throws<ValidationException>(() => tensor.Reshape(6, -1));
        Assert.Throws<ValidationException>(() => ((Tensor)tensor).Reshape(TensorShape.Scalar));
    }

    [Fact]
    public void Untyped_reshape_and_slice_return_typed_views()
    {
        Tensor tensor = Tensor.Create(new[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        var reshaped = Assert.IsType<Tensor<int>>(tensor.Reshape(new TensorShape(6)));
        Assert.Equal(6, reshaped[5]);
        var slice = Assert.IsType<Tensor<int>>(tensor.Slice(1, 2));
        Assert.Equal([3, 4, 5, 6], slice.ToArray());
    }

    [Fact]
    public void Slice_of_zero_rows_and_of_zero_width_rows_is_empty()
    {
        var tensor = Tensor.Zeros<int>(4, 0);
        var slice = tensor.Slice(1, 3);
        Assert.Equal(new TensorShape(3, 0), slice.Shape);
        Assert.Equal(0, Tensor.Zeros<int>(4, 2).Slice(4, 0).ElementCount);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, -1)]
    [InlineData(3, 2)]
    [InlineData(5, 0)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public void Slice_rejects_rows_outside_dimension_zero(int start, int count)
    {
        var tensor = Tensor.Zeros<int>(4, 2);
        var error = Assert.Throws<ValidationException>(() => tensor.Slice(start, count));
        Assert.Equal($"Cannot slice {count} rows from row {start} of a tensor of shape [4, 2]: dimension 0 has 4 rows.", error.Message);
    }

    [Fact]
    public void Slice_rejects_a_scalar()
    {
        var error = Assert.Throws<ValidationException>(() => Tensor.Scalar(1f).Slice(0, 1));
        Assert.Contains("scalar", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsBytes_views_the_storage_little_endian()
    {
        var tensor = Tensor.Create(new[] { 1, 256 }, 2);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 1, 0, 0 }, tensor.AsBytes().ToArray());
        tensor.AsBytes()[0] = 7;
        Assert.Equal(7, tensor[0]);
        Assert.Equal(new byte[] { 1, 0 }, Tensor.Create(new[] { true, false }, 2).AsBytes().ToArray());
        Assert.Equal(2, Tensor.Scalar(Half.One).AsBytes().Length);
    }

    [Fact]
    public void AsBytes_rejects_strings()
    {
        var error = Assert.Throws<ValidationException>(() => Tensor.Create(new[] { "a" }, 1).AsBytes());
        Assert.Contains("String tensor has no byte view", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_copies_little_endian_values()
    {
        var bytes = BitConverter.GetBytes(1.5f).Concat(BitConverter.GetBytes(-2f)).ToArray();
        var tensor = Assert.IsType<Tensor<float>>(Tensor.FromBytes(TensorElementType.Float32, bytes, new TensorShape(2)));
        Assert.Equal([1.5f, -2f], tensor.ToArray());
        bytes[0] = 0xFF;
        Assert.Equal(1.5f, tensor[0]);
        var flags = Assert.IsType<Tensor<bool>>(Tensor.FromBytes(TensorElementType.Bool, [0, 1, 1], new TensorShape(3)));
        Assert.Equal([false, true, true], flags.ToArray());
    }

    [Fact]
    public void FromBytes_rejects_wrong_length_strings_and_bad_booleans()
    {
        var length = Assert.Throws<ValidationException>(() => Tensor.FromBytes(TensorElementType.Float32, new byte[10], new TensorShape(2, 3)));
        Assert.Equal("Tensor data has 10 bytes but FP32 shape [2, 3] needs 24.", length.Message);

        var strings = Assert.Throws<ValidationException>(() => Tensor.FromBytes(TensorElementType.String, new byte[1], TensorShape.Scalar));
        Assert.Contains("BYTES tensors cannot be read from raw bytes", strings.Message, StringComparison.Ordinal);

        var flags = Assert.Throws<ValidationException>(() => Tensor.FromBytes(TensorElementType.Bool, [0, 1, 2, 1], new TensorShape(4)));
        Assert.Equal("BOOL tensor element 2 is byte 2; booleans must be 0 or 1.", flags.Message);
    }
}
