using MLOps.Serving.Execution;
using MLOps.Serving.Graph;
using MLOps.Serving.Onnx.Proto;
using MLOps.Tensors;

namespace MLOps.Serving.Onnx;

/// <summary>
/// Reads and writes single tensors as ONNX <c>TensorProto</c> messages (the <c>.pb</c> files ONNX
/// tools exchange, such as the backend tests' <c>input_0.pb</c>). Thread-safe.
/// </summary>
public static class TensorProtoSerializer
{
    /// <summary>Serializes a tensor with its elements in <c>raw_data</c> (strings in <c>string_data</c>).</summary>
    /// <param name="tensor">The tensor.</param>
    /// <param name="name">The name stored in the message.</param>
    /// <returns>The message bytes.</returns>
    public static byte[] Serialize(Tensor tensor, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return OnnxProtoWriter.WriteTensor(TensorProtoConverter.FromTensorData(TensorBinding.ToTensorData(tensor), name ?? string.Empty));
    }

    /// <summary>Parses a <c>TensorProto</c>.</summary>
    /// <param name="bytes">The message bytes.</param>
    /// <param name="name">The name stored in the message (may be empty).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="CorruptException">The bytes are not a valid TensorProto.</exception>
    /// <exception cref="ValidationException">The element type is one <see cref="Tensor"/> cannot carry, or the data is external.</exception>
    public static Tensor Deserialize(byte[] bytes, out string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var proto = OnnxProtoReader.ReadTensor(bytes, "TensorProto");
        name = proto.Name;
        return TensorBinding.ToTensor(TensorProtoConverter.ToTensorData(proto, baseDirectory: null, $"tensor '{proto.Name}'"), proto.Name);
    }

    /// <summary>Reads a <c>.pb</c> file of any ONNX element type into engine storage.</summary>
    internal static TensorData ReadFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new NotFoundException($"Tensor file {full} does not exist.");
        }

        var proto = OnnxProtoReader.ReadTensor(File.ReadAllBytes(full), full);
        return TensorProtoConverter.ToTensorData(proto, Path.GetDirectoryName(full), full);
    }

    /// <summary>Writes engine storage as a <c>.pb</c> file, through a temporary file.</summary>
    internal static void WriteFile(string path, TensorData data, string name)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, OnnxProtoWriter.WriteTensor(TensorProtoConverter.FromTensorData(data, name)));
        File.Move(temporary, path, overwrite: true);
    }
}
