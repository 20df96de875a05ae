using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MLOps.Serving.Graph;
using MLOps.Serving.Onnx.Proto;

namespace MLOps.Serving.Onnx;

/// <summary>Converts between ONNX <c>TensorProto</c> messages and engine tensors.</summary>
internal static class TensorProtoConverter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes a tensor; <paramref name="baseDirectory"/> resolves external data (null refuses it).</summary>
    public static TensorData ToTensorData(TensorProto proto, string? baseDirectory, string where)
    {
        var type = (DataType)proto.DataType;
        if (!DataTypes.IsKnown(type))
        {
            throw new ValidationException($"{where}: ONNX tensor data type {proto.DataType} is not supported.");
        }

        if (proto.HasSegment)
        {
            throw new ValidationException($"{where}: segmented tensors are not supported.");
        }

        var shape = ShapeMath.ToInt32Shape(CollectionsMarshal.AsSpan(proto.Dims), where);
        var count = ShapeMath.ElementCount(shape);
        if (type == DataType.String)
        {
            return ReadStrings(proto, shape, count, where);
        }

        var size = DataTypes.SizeOf(type);
        var expectedBytes = (long)count * size;
        if (proto.DataLocation == 1)
        {
            var external = ReadExternal(proto, baseDirectory, expectedBytes, where);
            var fromFile = TensorData.AllocateUninitialized(type, shape);
            external.CopyTo(fromFile.Bytes);
            return fromFile;
        }

        if (proto.RawData is { } raw)
        {
            if (raw.Length != expectedBytes)
            {
                throw new CorruptException($"{where}: raw_data has {raw.Length} bytes but a {DataTypes.Name(type)} tensor of shape {ShapeMath.Format(shape)} needs {expectedBytes}.");
            }

            var fromRaw = TensorData.AllocateUninitialized(type, shape);
            raw.Span.CopyTo(fromRaw.Bytes);
            return fromRaw;
        }

        var data = TensorData.Allocate(type, shape);
        switch (type)
        {
            case DataType.Float:
                CopyTyped(CollectionsMarshal.AsSpan(proto.FloatData), data.Span<float>(), "float_data", where);
                break;
            case DataType.Double:
                CopyTyped(CollectionsMarshal.AsSpan(proto.DoubleData), data.Span<double>(), "double_data", where);
                break;
            case DataType.Int64:
                CopyTyped(CollectionsMarshal.AsSpan(proto.Int64Data), data.Span<long>(), "int64_data", where);
                break;
            case DataType.Int32:
                CopyTyped(CollectionsMarshal.AsSpan(proto.Int32Data), data.Span<int>(), "int32_data", where);
                break;
            case DataType.UInt32:
                CheckCount(proto.UInt64Data.Count, count, "uint64_data", where);
                for (var i = 0; i < count; i++)
                {
                    data.Span<uint>()[i] = (uint)proto.UInt64Data[i];
                }

                break;
            case DataType.UInt64:
                CopyTyped(CollectionsMarshal.AsSpan(proto.UInt64Data), data.Span<ulong>(), "uint64_data", where);
                break;
            default:
                NarrowInt32Data(proto, data, count, where);
                break;
        }

        return data;
    }

    /// <summary>Encodes a tensor with its elements in raw_data (strings in string_data).</summary>
    public static TensorProto FromTensorData(TensorData data, string name)
    {
        var proto = new TensorProto { DataType = (int)data.Type, Name = name };
        foreach (var size in data.Shape)
        {
            proto.Dims.Add(size);
        }

        if (data.Type == DataType.String)
        {
            foreach (var value in data.Strings!)
            {
                proto.StringData.Add(Encoding.UTF8.GetBytes(value));
            }
        }
        else
        {
            proto.RawData = data.Bytes.AsMemory(0, data.Length * DataTypes.SizeOf(data.Type));
        }

        return proto;
    }

    private static TensorData ReadStrings(TensorProto proto, int[] shape, int count, string where)
    {
        CheckCount(proto.StringData.Count, count, "string_data", where);
        var strings = new string[count];
        for (var i = 0; i < count; i++)
        {
            try
            {
                strings[i] = StrictUtf8.GetString(proto.StringData[i]);
            }
            catch (DecoderFallbackException exception)
            {
                throw new CorruptException($"{where}: string element {i} is not UTF-8.", exception);
            }
        }

        return TensorData.FromStrings(strings, shape);
    }

    private static void NarrowInt32Data(TensorProto proto, TensorData data, int count, string where)
    {
        CheckCount(proto.Int32Data.Count, count, "int32_data", where);
        var source = proto.Int32Data;
        switch (data.Type)
        {
            case DataType.Int8:
                for (var i = 0; i < count; i++)
                {
                    data.Span<sbyte>()[i] = (sbyte)source[i];
                }

                break;
            case DataType.UInt8:
            case DataType.Bool:
                for (var i = 0; i < count; i++)
                {
                    data.Span<byte>()[i] = data.Type == DataType.Bool ? (byte)(source[i] != 0 ? 1 : 0) : (byte)source[i];
                }

                break;
            case DataType.Int16:
                for (var i = 0; i < count; i++)
                {
                    data.Span<short>()[i] = (short)source[i];
                }

                break;
            default:
                // UINT16, FLOAT16 and BFLOAT16 carry their 16-bit patterns in int32_data.
                for (var i = 0; i < count; i++)
                {
                    data.Span<ushort>()[i] = (ushort)source[i];
                }

                break;
        }
    }

    private static void CopyTyped<T>(ReadOnlySpan<T> source, Span<T> destination, string field, string where)
    {
        CheckCount(source.Length, destination.Length, field, where);
        source.CopyTo(destination);
    }

    private static void CheckCount(int actual, int expected, string field, string where)
    {
        if (actual != expected)
        {
            throw new CorruptException($"{where}: {field} has {actual} elements but the tensor's shape needs {expected}.");
        }
    }

    private static byte[] ReadExternal(TensorProto proto, string? baseDirectory, long expectedBytes, string where)
    {
        if (baseDirectory is null)
        {
            throw new ValidationException($"{where}: the tensor's data is in an external file; load the model from its path so the file can be found.");
        }

        string? location = null;
        long offset = 0;
        long length = -1;
        foreach (var (key, value) in proto.ExternalData)
        {
            switch (key)
            {
                case "location": location = value; break;
                case "offset": offset = ParseLong(value, key, where); break;
                case "length": length = ParseLong(value, key, where); break;
                default: break;
            }
        }

        if (string.IsNullOrEmpty(location))
        {
            throw new CorruptException($"{where}: external data has no 'location'.");
        }

        var root = Path.GetFullPath(baseDirectory);
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(root, location));
        if (Path.IsPathRooted(location) || !path.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new ValidationException($"{where}: external data location '{location}' escapes the model's folder {root}; it is refused.");
        }

        if (!File.Exists(path))
        {
            throw new NotFoundException($"{where}: external data file {path} does not exist.");
        }

        if (length < 0)
        {
            length = expectedBytes;
        }

        if (length != expectedBytes)
        {
            throw new CorruptException($"{where}: external data length {length} differs from the {expectedBytes} bytes the tensor's shape needs.");
        }

        using var handle = File.OpenHandle(path);
        var fileLength = RandomAccess.GetLength(handle);
        if (offset < 0 || offset + length > fileLength)
        {
            throw new CorruptException($"{where}: external data [{offset}, {offset + length}) lies outside {path}, which has {fileLength} bytes.");
        }

        var bytes = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), offset + read);
            if (n == 0)
            {
                throw new CorruptException($"{where}: external data file {path} ended early.");
            }

            read += n;
        }

        return bytes;
    }

    private static long ParseLong(string value, string key, string where) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new CorruptException($"{where}: external data '{key}' is '{value}', not a non-negative integer.");
}
