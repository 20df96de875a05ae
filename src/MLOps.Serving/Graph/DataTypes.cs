using MLOps.Tensors;

namespace MLOps.Serving.Graph;

/// <summary>Sizes, names and public-type mappings of <see cref="DataType"/>.</summary>
internal static class DataTypes
{
    public static bool IsKnown(DataType type) => type switch
    {
        DataType.Float or DataType.UInt8 or DataType.Int8 or DataType.UInt16 or DataType.Int16 or DataType.Int32
            or DataType.Int64 or DataType.String or DataType.Bool or DataType.Float16 or DataType.Double
            or DataType.UInt32 or DataType.UInt64 or DataType.BFloat16 => true,
        _ => false,
    };

    /// <summary>Bytes per element; 0 for strings.</summary>
    public static int SizeOf(DataType type) => type switch
    {
        DataType.Float or DataType.Int32 or DataType.UInt32 => 4,
        DataType.Double or DataType.Int64 or DataType.UInt64 => 8,
        DataType.UInt8 or DataType.Int8 or DataType.Bool => 1,
        DataType.UInt16 or DataType.Int16 or DataType.Float16 or DataType.BFloat16 => 2,
        DataType.String => 0,
        _ => throw new ValidationException($"ONNX tensor data type {(int)type} is not supported."),
    };

    public static string Name(DataType type) => type switch
    {
        DataType.Float => "float",
        DataType.UInt8 => "uint8",
        DataType.Int8 => "int8",
        DataType.UInt16 => "uint16",
        DataType.Int16 => "int16",
        DataType.Int32 => "int32",
        DataType.Int64 => "int64",
        DataType.String => "string",
        DataType.Bool => "bool",
        DataType.Float16 => "float16",
        DataType.Double => "double",
        DataType.UInt32 => "uint32",
        DataType.UInt64 => "uint64",
        DataType.BFloat16 => "bfloat16",
        _ => $"type {(int)type}",
    };

    public static bool IsFloatingPoint(DataType type) =>
        type is DataType.Float or DataType.Double or DataType.Float16 or DataType.BFloat16;

    public static bool IsInteger(DataType type) =>
        type is DataType.UInt8 or DataType.Int8 or DataType.UInt16 or DataType.Int16 or DataType.Int32
            or DataType.Int64 or DataType.UInt32 or DataType.UInt64;

    public static bool IsNumeric(DataType type) => IsFloatingPoint(type) || IsInteger(type);

    /// <summary>The public element type, or null when the exchange type cannot carry this one.</summary>
    public static TensorElementType? ToPublic(DataType type) => type switch
    {
        DataType.Float => TensorElementType.Float32,
        DataType.Double => TensorElementType.Float64,
        DataType.Int32 => TensorElementType.Int32,
        DataType.Int64 => TensorElementType.Int64,
        DataType.Bool => TensorElementType.Bool,
        DataType.UInt8 => TensorElementType.UInt8,
        DataType.String => TensorElementType.String,
        DataType.Float16 => TensorElementType.Float16,
        DataType.Int8 => TensorElementType.Int8,
        DataType.Int16 => TensorElementType.Int16,
        DataType.UInt16 => TensorElementType.UInt16,
        DataType.UInt32 => TensorElementType.UInt32,
        DataType.UInt64 => TensorElementType.UInt64,
        DataType.BFloat16 => TensorElementType.BFloat16,
        _ => null,
    };

    public static DataType FromPublic(TensorElementType type) => (DataType)type.ToOnnxDataType();
}
