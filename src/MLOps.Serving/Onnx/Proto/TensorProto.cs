namespace MLOps.Serving.Onnx.Proto;

/// <summary>ONNX <c>TensorProto</c>, with its data still in wire form.</summary>
internal sealed class TensorProto
{
    public List<long> Dims { get; } = [];

    public int DataType { get; set; }

    public string Name { get; set; } = string.Empty;

    public List<float> FloatData { get; } = [];

    public List<int> Int32Data { get; } = [];

    public List<byte[]> StringData { get; } = [];

    public List<long> Int64Data { get; } = [];

    public List<double> DoubleData { get; } = [];

    public List<ulong> UInt64Data { get; } = [];

    public ReadOnlyMemory<byte>? RawData { get; set; }

    public List<KeyValuePair<string, string>> ExternalData { get; } = [];

    /// <summary>1 (EXTERNAL) when the data lives in another file.</summary>
    public int DataLocation { get; set; }

    public bool HasSegment { get; set; }
}
