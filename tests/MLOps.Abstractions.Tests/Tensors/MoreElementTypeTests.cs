using MLOps.Tensors;

namespace MLOps.Abstractions.Tests.Tensors;

/// <summary>The element types added after the first eight: INT8, INT16, UINT16, UINT32, UINT64, BF16.</summary>
public sealed class MoreElementTypeTests
{
    public static TheoryData<TensorElementType> AddedTypes =>
    [
        TensorElementType.Int8,
        TensorElementType.Int16,
        TensorElementType.UInt16,
        TensorElementType.UInt32,
        TensorElementType.UInt64,
        TensorElementType.BFloat16,
    ];

    [Fact]
    public void Existing_values_keep_their_numbers_and_new_ones_follow()
    {
        Assert.Equal(7, (int)TensorElementType.Float16);
        Assert.Equal(8, (int)TensorElementType.Int8);
        Assert.Equal(13, (int)TensorElementType.BFloat16);
        Assert.Equal(14, Enum.GetValues<TensorElementType>().Length);
    }

    [Fact]
    public void Every_type_round_trips_through_its_name_code_and_clr_type()
    {
        foreach (var elementType in Enum.GetValues<TensorElementType>())
        {
            Assert.Equal(elementType, TensorElementTypeExtensions.ParseDatatypeName(elementType.ToDatatypeName()));
            Assert.Equal(elementType, TensorElementTypeExtensions.FromOnnxDataType(elementType.ToOnnxDataType()));
            var tensor = Tensor.Zeros(elementType, new TensorShape(2));
            Assert.Equal(elementType, tensor.ElementType);
            Assert.Equal(elementType.GetClrType(), tensor.GetType().GetGenericArguments()[0]);
        }
    }

    [Theory]
    [MemberData(nameof(AddedTypes))]
    public void Added_types_zero_concat_slice_and_round_trip_raw_bytes(TensorElementType elementType)
    {
        var size = elementType.GetElementSize();
        var bytes = new byte[6 * size];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 37) + 1);
        }

        var tensor = Tensor.FromBytes(elementType, bytes, new TensorShape(2, 3));
        Assert.Equal(elementType, tensor.ElementType);
        Assert.Equal(bytes, tensor.AsBytes().ToArray());
        Assert.Equal(bytes.AsSpan(3 * size).ToArray(), tensor.Slice(1, 1).AsBytes().ToArray());

        var joined = Tensor.Concat([tensor, Tensor.Zeros(elementType, new TensorShape(1, 3))]);
        Assert.Equal(new TensorShape(3, 3), joined.Shape);
        Assert.Equal(bytes, joined.AsBytes()[..bytes.Length].ToArray());
        Assert.All(joined.AsBytes()[bytes.Length..].ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Typed_tensors_of_added_types_read_little_endian_values()
    {
        var int8 = Assert.IsType<Tensor<sbyte>>(Tensor.FromBytes(TensorElementType.Int8, [0xFF, 0x7F], new TensorShape(2)));
        Assert.Equal([-1, 127], int8.ToArray());
        var int16 = Assert.IsType<Tensor<short>>(Tensor.FromBytes(TensorElementType.Int16, [0x00, 0x80], TensorShape.Scalar));
        Assert.Equal(short.MinValue, int16.Span[0]);
        var uint16 = Assert.IsType<Tensor<ushort>>(Tensor.FromBytes(TensorElementType.UInt16, [0xFF, 0xFF], TensorShape.Scalar));
        Assert.Equal(ushort.MaxValue, uint16.Span[0]);
        var uint32 = Assert.IsType<Tensor<uint>>(Tensor.FromBytes(TensorElementType.UInt32, [1, 0, 0, 0x80], TensorShape.Scalar));
        Assert.Equal(0x80000001u, uint32.Span[0]);
        var uint64 = Assert.IsType<Tensor<ulong>>(Tensor.FromBytes(TensorElementType.UInt64, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], TensorShape.Scalar));
        Assert.Equal(ulong.MaxValue, uint64.Span[0]);
        var bf16 = Assert.IsType<Tensor<BFloat16>>(Tensor.FromBytes(TensorElementType.BFloat16, [0x80, 0x3F], TensorShape.Scalar));
        Assert.Equal(1f, (float)bf16.Span[0]);
        Assert.Equal(TensorElementType.BFloat16, Tensor.Create([BFloat16.One, BFloat16.NaN], 2).ElementType);
    }
}
