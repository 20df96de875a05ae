using System.Text;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Tests.Protocol;

/// <summary>Sample tensors of every element type, and exact comparison (NaN equals NaN; otherwise bit for bit).</summary>
internal static class TestTensors
{
    public static readonly string[] Texts = ["", "a", "héllo", "日本語", "emoji 😀", "quote \" and \\ backslash", "line\nbreak\ttab", "\u0001ctl", "</script>"];

    /// <summary>Six elements of shape [2, 3] with values at the edges of each type.</summary>
    public static Tensor Sample(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => Tensor.Create([0.1f, -0f, float.MaxValue, float.Epsilon, 1f / 3, -2.5e-20f], 2, 3),
        TensorElementType.Float64 => Tensor.Create([0.1, -0d, double.MaxValue, double.Epsilon, 1d / 3, -2.5e-200], 2, 3),
        TensorElementType.Float16 => Tensor.Create([(Half)0.1f, Half.NegativeZero, Half.MaxValue, Half.Epsilon, (Half)(1f / 3), (Half)(-2.5f)], 2, 3),
        TensorElementType.BFloat16 => Tensor.Create([(BFloat16)0.1f, (BFloat16)(-0f), BFloat16.FromBits(0x7F7F), BFloat16.FromBits(1), (BFloat16)(1f / 3), (BFloat16)(-2.5e-20f)], 2, 3),
        TensorElementType.Int8 => Tensor.Create(new sbyte[] { sbyte.MinValue, -1, 0, 1, 100, sbyte.MaxValue }, 2, 3),
        TensorElementType.Int16 => Tensor.Create(new short[] { short.MinValue, -1, 0, 1, 1000, short.MaxValue }, 2, 3),
        TensorElementType.Int32 => Tensor.Create([int.MinValue, -1, 0, 1, 100000, int.MaxValue], 2, 3),
        TensorElementType.Int64 => Tensor.Create([long.MinValue, -1, 0, 1, 1L << 53, long.MaxValue], 2, 3),
        TensorElementType.UInt8 => Tensor.Create(new byte[] { 0, 1, 2, 127, 128, 255 }, 2, 3),
        TensorElementType.UInt16 => Tensor.Create(new ushort[] { 0, 1, 2, 32767, 32768, ushort.MaxValue }, 2, 3),
        TensorElementType.UInt32 => Tensor.Create([0u, 1u, 2u, (uint)int.MaxValue, 1u << 31, uint.MaxValue], 2, 3),
        TensorElementType.UInt64 => Tensor.Create([0ul, 1ul, 2ul, (ulong)long.MaxValue, 1ul << 63, ulong.MaxValue], 2, 3),
        TensorElementType.Bool => Tensor.Create([true, false, false, true, true, false], 2, 3),
        TensorElementType.String => Tensor.Create(Texts[..6], 2, 3),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static TheoryData<TensorElementType> AllTypes()
    {
        var data = new TheoryData<TensorElementType>();
        foreach (var type in Enum.GetValues<TensorElementType>())
        {
            data.Add(type);
        }

        return data;
    }

    public static void AssertEqual(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.ElementType, actual.ElementType);
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.True(Equal(expected, actual), $"Tensors differ: expected {Describe(expected)}, got {Describe(actual)}.");
    }

    public static bool Equal(Tensor expected, Tensor actual)
    {
        if (expected.ElementType != actual.ElementType || expected.Shape != actual.Shape)
        {
            return false;
        }

        return expected switch
        {
            Tensor<string> e => e.Span.SequenceEqual(((Tensor<string>)actual).Span),
            Tensor<float> e => ElementsEqual(e.Span, ((Tensor<float>)actual).Span, v => float.IsNaN(v), v => BitConverter.SingleToUInt32Bits(v)),
            Tensor<double> e => ElementsEqual(e.Span, ((Tensor<double>)actual).Span, v => double.IsNaN(v), v => BitConverter.DoubleToUInt64Bits(v)),
            Tensor<Half> e => ElementsEqual(e.Span, ((Tensor<Half>)actual).Span, v => Half.IsNaN(v), v => BitConverter.HalfToUInt16Bits(v)),
            Tensor<BFloat16> e => ElementsEqual(e.Span, ((Tensor<BFloat16>)actual).Span, v => BFloat16.IsNaN(v), v => v.Bits),
            _ => expected.AsBytes().SequenceEqual(actual.AsBytes()),
        };
    }

    /// <summary>Encodes BYTES elements as binary tensor data: 4-byte little-endian length, then UTF-8.</summary>
    public static byte[] StringBytes(IEnumerable<string> values)
    {
        var bytes = new List<byte>();
        foreach (var value in values)
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            bytes.AddRange(BitConverter.GetBytes(utf8.Length));
            bytes.AddRange(utf8);
        }

        return [.. bytes];
    }

    private static bool ElementsEqual<T, TBits>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, Func<T, bool> isNaN, Func<T, TBits> bits)
        where TBits : IEquatable<TBits>
    {
        for (var i = 0; i < expected.Length; i++)
        {
            var same = isNaN(expected[i]) ? isNaN(actual[i]) : bits(expected[i]).Equals(bits(actual[i]));
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(Tensor tensor) => tensor switch
    {
        Tensor<string> t => $"{tensor} [{string.Join(", ", t.ToArray())}]",
        Tensor<float> t => $"{tensor} [{string.Join(", ", t.ToArray())}]",
        Tensor<double> t => $"{tensor} [{string.Join(", ", t.ToArray())}]",
        Tensor<Half> t => $"{tensor} [{string.Join(", ", t.ToArray())}]",
        Tensor<BFloat16> t => $"{tensor} [{string.Join(", ", t.ToArray())}]",
        _ => $"{tensor} bytes {Convert.ToHexString(tensor.AsBytes())}",
    };
}
