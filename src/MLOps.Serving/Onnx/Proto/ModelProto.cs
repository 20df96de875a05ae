namespace MLOps.Serving.Onnx.Proto;

/// <summary>The fields of ONNX <c>ModelProto</c> the engine reads.</summary>
internal sealed class ModelProto
{
    public long IrVersion { get; set; }

    public List<OperatorSetIdProto> OpsetImports { get; } = [];

    public string ProducerName { get; set; } = string.Empty;

    public string ProducerVersion { get; set; } = string.Empty;

    public string Domain { get; set; } = string.Empty;

    public long ModelVersion { get; set; }

    public string DocString { get; set; } = string.Empty;

    public GraphProto? Graph { get; set; }

    public List<KeyValuePair<string, string>> MetadataProps { get; } = [];

    /// <summary>Names of model-local functions; the engine does not expand them.</summary>
    public List<string> FunctionNames { get; } = [];
}
