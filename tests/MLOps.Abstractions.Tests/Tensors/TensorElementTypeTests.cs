using MLOps.Tensors;

namespace MLOps.Abstractions.Tests.Tensors;

public sealed class TensorElementTypeTests
{
    [Theory]
    [InlineData(TensorElementType.Float32, "FP32", 4, typeof(float), 1)]
    [InlineData(TensorElementType.Float64, "FP64", 8, typeof(double), 11)]
    [InlineData(TensorElementType.Int32, "INT32", 4, typeof(int), 6)]
    [InlineData(TensorElementType.Int64, "INT64", 8, typeof(long), 7)]
    [InlineData(TensorElementType.Bool, "BOOL", 1, typeof(bool), 9)]
    [InlineData(TensorElementType.UInt8, "UINT8", 1, typeof(byte), 2)]
    [InlineData(TensorElementType.Float16, "FP16", 2, typeof(Half), 10)]
    [InlineData(TensorElementType.Int8, "INT8", 1, typeof(sbyte), 3)]
    [InlineData(TensorElementType.Int16, "INT16", 2, typeof(short), 5)]
    [InlineData(TensorElementType.UInt16, "UINT16", 2, typeof(ushort), 4)]
    [InlineData(TensorElementType.UInt32, "UINT32", 4, typeof(uint), 12)]
    [InlineData(TensorElementType.UInt64, "UINT64", 8, typeof(ulong), 13)]
    [InlineData(TensorElementType.BFloat16, "BF16", 2, typeof(BFloat16), 16)]
    public void Fixed_size_types_map_to_names_sizes_clr_types_and_onnx_codes(
        TensorElementType elementType, string datatype, int size, Type clrType, int onnx)
    {
        Assert.True(elementType.HasFixedSize());
        Assert.Equal(size, elementType.GetElementSize());
        Assert.Equal(clrType, elementType.GetClrType());
        Assert.Equal(datatype, elementType.ToDatatypeName());
        Assert.Equal(elementType, TensorElementTypeExtensions.ParseDatatypeName(datatype));
        Assert.Equal(elementType, TensorElementTypeExtensions.ParseDatatypeName(datatype.ToLowerInvariant()));
        Assert.Equal(onnx, elementType.ToOnnxDataType());
        Assert.Equal(elementType, TensorElementTypeExtensions.FromOnnxDataType(onnx));
        Assert.Equal(elementType, Tensor.Zeros(elementType, new TensorShape(1)).ElementType);
    }

    [Fact]
    public void String_maps_to_bytes_and_has_no_fixed_size()
    {
        var elementType = TensorElementType.String;
        Assert.False(elementType.HasFixedSize());
        Assert.Equal("BYTES", elementType.ToDatatypeName());
        Assert.Equal(typeof(string), elementType.GetClrType());
        Assert.Equal(8, elementType.ToOnnxDataType());
        Assert.Equal(elementType, TensorElementTypeExtensions.FromOnnxDataType(8));
        Assert.Equal(elementType, TensorElementTypeExtensions.ParseDatatypeName("BYTES"));
        var error = Assert.Throws<ValidationException>(() => elementType.GetElementSize());
        Assert.Contains("no fixed size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_datatype_name_is_rejected_listing_the_known_ones()
    {
        var error = Assert.Throws<ValidationException>(() => TensorElementTypeExtensions.ParseDatatypeName("FP8"));
        Assert.Contains("'FP8'", error.Message, StringComparison.Ordinal);
        Assert.Contains("FP32, FP64, INT32, INT64, BOOL, UINT8, BYTES, FP16, INT8, INT16, UINT16, UINT32, UINT64, BF16", error.Message, StringComparison.Ordinal);
        Assert.False(TensorElementTypeExtensions.TryParseDatatypeName(null, out _));
        Assert.False(TensorElementTypeExtensions.TryParseDatatypeName(string.Empty, out _));
        Assert.Throws<ArgumentNullException>(() => TensorElementTypeExtensions.ParseDatatypeName(null!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(14)]
    [InlineData(17)]
    public void Unsupported_onnx_code_is_rejected_naming_it(int code)
    {
        var error = Assert.Throws<ValidationException>(() => TensorElementTypeExtensions.FromOnnxDataType(code));
        Assert.StartsWith($"ONNX tensor data type {code} is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_enum_value_is_rejected_by_every_mapping()
    {
        var undefined = (TensorElementType)99;
        Assert.Throws<ArgumentOutOfRangeException>(() => undefined.HasFixedSize());
        Assert.Throws<ArgumentOutOfRangeException>(() => undefined.GetElementSize());
        Assert.Throws<ArgumentOutOfRangeException>(() => undefined.GetClrType());
        Assert.Throws<ArgumentOutOfRangeException>(() => undefined.ToDatatypeName());
        Assert.Throws<ArgumentOutOfRangeException>(() => undefined.ToOnnxDataType());
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(undefined, TensorShape.Scalar));
    }
}
