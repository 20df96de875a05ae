using System.Diagnostics.CodeAnalysis;

namespace MLOps.Tensors;

/// <summary>
/// Maps <see cref="TensorElementType"/> to element sizes, CLR types, Open Inference Protocol
/// (KServe v2) datatype names and ONNX <c>TensorProto.DataType</c> codes. All members are pure and
/// thread-safe.
/// </summary>
public static class TensorElementTypeExtensions
{
    private const string KnownDatatypeNames = "FP32, FP64, INT32, INT64, BOOL, UINT8, BYTES, FP16, INT8, INT16, UINT16, UINT32, UINT64, BF16";

    /// <summary>Whether elements of this type have a fixed size in bytes (every type but <see cref="TensorElementType.String"/>).</summary>
    /// <param name="elementType">The element type.</param>
    /// <returns><see langword="true"/> for the numeric and boolean types.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined element type.</exception>
    public static bool HasFixedSize(this TensorElementType elementType) => elementType switch
    {
        TensorElementType.String => false,
        _ when Enum.IsDefined(elementType) => true,
        _ => throw Undefined(elementType),
    };

    /// <summary>The size of one element in bytes, as laid out in memory and on the binary wire format.</summary>
    /// <param name="elementType">A fixed-size element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    /// <exception cref="ValidationException">The type is <see cref="TensorElementType.String"/>, whose elements vary in size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined element type.</exception>
    public static int GetElementSize(this TensorElementType elementType) => elementType switch
    {
        TensorElementType.Float32 => sizeof(float),
        TensorElementType.Float64 => sizeof(double),
        TensorElementType.Int32 => sizeof(int),
        TensorElementType.Int64 => sizeof(long),
        TensorElementType.Bool => sizeof(bool),
        TensorElementType.UInt8 => sizeof(byte),
        TensorElementType.Float16 => 2,
        TensorElementType.Int8 => sizeof(sbyte),
        TensorElementType.Int16 => sizeof(short),
        TensorElementType.UInt16 => sizeof(ushort),
        TensorElementType.UInt32 => sizeof(uint),
        TensorElementType.UInt64 => sizeof(ulong),
        TensorElementType.BFloat16 => 2,
        TensorElementType.String => throw new ValidationException("String tensor elements have no fixed size in bytes."),
        _ => throw Undefined(elementType),
    };

    /// <summary>The CLR type that stores elements of this type in a <see cref="Tensor{T}"/>.</summary>
    /// <param name="elementType">The element type.</param>
    /// <returns>One of float, double, int, long, bool, byte, string, <see cref="Half"/>, sbyte, short, ushort, uint, ulong, <see cref="BFloat16"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined element type.</exception>
    public static Type GetClrType(this TensorElementType elementType) => elementType switch
    {
        TensorElementType.Float32 => typeof(float),
        TensorElementType.Float64 => typeof(double),
        TensorElementType.Int32 => typeof(int),
        TensorElementType.Int64 => typeof(long),
        TensorElementType.Bool => typeof(bool),
        TensorElementType.UInt8 => typeof(byte),
        TensorElementType.String => typeof(string),
        TensorElementType.Float16 => typeof(Half),
        TensorElementType.Int8 => typeof(sbyte),
        TensorElementType.Int16 => typeof(short),
        TensorElementType.UInt16 => typeof(ushort),
        TensorElementType.UInt32 => typeof(uint),
        TensorElementType.UInt64 => typeof(ulong),
        TensorElementType.BFloat16 => typeof(BFloat16),
        _ => throw Undefined(elementType),
    };

    /// <summary>The Open Inference Protocol (KServe v2) datatype name: FP32, FP64, INT32, INT64, BOOL, UINT8, BYTES, FP16, INT8, INT16, UINT16, UINT32, UINT64 or BF16.</summary>
    /// <param name="elementType">The element type.</param>
    /// <returns>The upper-case datatype name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined element type.</exception>
    public static string ToDatatypeName(this TensorElementType elementType) => elementType switch
    {
        TensorElementType.Float32 => "FP32",
        TensorElementType.Float64 => "FP64",
        TensorElementType.Int32 => "INT32",
        TensorElementType.Int64 => "INT64",
        TensorElementType.Bool => "BOOL",
        TensorElementType.UInt8 => "UINT8",
        TensorElementType.String => "BYTES",
        TensorElementType.Float16 => "FP16",
        TensorElementType.Int8 => "INT8",
        TensorElementType.Int16 => "INT16",
        TensorElementType.UInt16 => "UINT16",
        TensorElementType.UInt32 => "UINT32",
        TensorElementType.UInt64 => "UINT64",
        TensorElementType.BFloat16 => "BF16",
        _ => throw Undefined(elementType),
    };

    /// <summary>Parses an Open Inference Protocol (KServe v2) datatype name, ignoring case.</summary>
    /// <param name="name">A name such as <c>FP32</c> or <c>BYTES</c>.</param>
    /// <returns>The element type.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ValidationException">The name is not one of the supported datatypes; the message lists them.</exception>
    public static TensorElementType ParseDatatypeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryParseDatatypeName(name, out var elementType))
        {
            return elementType;
        }

        throw new ValidationException($"Unknown tensor datatype '{name}'; expected one of {KnownDatatypeNames}.");
    }

    /// <summary>Tries to parse an Open Inference Protocol (KServe v2) datatype name, ignoring case.</summary>
    /// <param name="name">A name such as <c>FP32</c>, or null.</param>
    /// <param name="elementType">The element type, when the name is supported.</param>
    /// <returns>Whether the name is supported.</returns>
    public static bool TryParseDatatypeName([NotNullWhen(true)] string? name, out TensorElementType elementType)
    {
        foreach (var candidate in Enum.GetValues<TensorElementType>())
        {
            if (string.Equals(name, candidate.ToDatatypeName(), StringComparison.OrdinalIgnoreCase))
            {
                elementType = candidate;
                return true;
            }
        }

        elementType = default;
        return false;
    }

    /// <summary>The ONNX <c>TensorProto.DataType</c> code: FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, STRING = 8, BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13, BFLOAT16 = 16.</summary>
    /// <param name="elementType">The element type.</param>
    /// <returns>The ONNX code.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined element type.</exception>
    public static int ToOnnxDataType(this TensorElementType elementType) => elementType switch
    {
        TensorElementType.Float32 => 1,
        TensorElementType.UInt8 => 2,
        TensorElementType.Int32 => 6,
        TensorElementType.Int64 => 7,
        TensorElementType.String => 8,
        TensorElementType.Bool => 9,
        TensorElementType.Float16 => 10,
        TensorElementType.Float64 => 11,
        TensorElementType.Int8 => 3,
        TensorElementType.UInt16 => 4,
        TensorElementType.Int16 => 5,
        TensorElementType.UInt32 => 12,
        TensorElementType.UInt64 => 13,
        TensorElementType.BFloat16 => 16,
        _ => throw Undefined(elementType),
    };

    /// <summary>Maps an ONNX <c>TensorProto.DataType</c> code to an element type.</summary>
    /// <param name="onnxDataType">The ONNX code.</param>
    /// <returns>The element type.</returns>
    /// <exception cref="ValidationException">The code is not one of the fourteen supported types (for example COMPLEX64 = 14 or FLOAT8E4M3FN = 17).</exception>
    public static TensorElementType FromOnnxDataType(int onnxDataType) => onnxDataType switch
    {
        1 => TensorElementType.Float32,
        2 => TensorElementType.UInt8,
        6 => TensorElementType.Int32,
        7 => TensorElementType.Int64,
        8 => TensorElementType.String,
        9 => TensorElementType.Bool,
        10 => TensorElementType.Float16,
        11 => TensorElementType.Float64,
        3 => TensorElementType.Int8,
        4 => TensorElementType.UInt16,
        5 => TensorElementType.Int16,
        12 => TensorElementType.UInt32,
        13 => TensorElementType.UInt64,
        16 => TensorElementType.BFloat16,
        _ => throw new ValidationException(
            $"ONNX tensor data type {onnxDataType} is not supported; supported codes are 1 (FLOAT), 2 (UINT8), 3 (INT8), 4 (UINT16), 5 (INT16), 6 (INT32), 7 (INT64), 8 (STRING), 9 (BOOL), 10 (FLOAT16), 11 (DOUBLE), 12 (UINT32), 13 (UINT64) and 16 (BFLOAT16)."),
    };

    /// <summary>Maps a CLR type to its element type.</summary>
    /// <param name="clrType">A candidate element type.</param>
    /// <param name="elementType">The element type, when the CLR type is supported.</param>
    /// <returns>Whether <paramref name="clrType"/> is one of the fourteen supported types.</returns>
    internal static bool TryFromClrType(Type clrType, out TensorElementType elementType)
    {
        foreach (var candidate in Enum.GetValues<TensorElementType>())
        {
            if (candidate.GetClrType() == clrType)
            {
                elementType = candidate;
                return true;
            }
        }

        elementType = default;
        return false;
    }

    private static ArgumentOutOfRangeException Undefined(TensorElementType elementType) =>
        new(nameof(elementType), elementType, $"{(int)elementType} is not a defined {nameof(TensorElementType)}.");
}
