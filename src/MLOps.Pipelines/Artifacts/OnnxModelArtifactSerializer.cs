namespace MLOps.Pipelines.Artifacts;

/// <summary>ONNX models stored as their file bytes; reading checks the bytes open like a protobuf message.</summary>
public sealed class OnnxModelArtifactSerializer : IArtifactSerializer<OnnxModelArtifact>
{
    /// <summary>The shared instance.</summary>
    public static OnnxModelArtifactSerializer Instance { get; } = new();

    /// <inheritdoc />
    public string Id => "onnx";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public ValueTask WriteAsync(OnnxModelArtifact value, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(destination);
        Check(value.Bytes.Span);
        return destination.WriteAsync(value.Bytes, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<OnnxModelArtifact> ReadAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        Check(data.Span);
        return ValueTask.FromResult(new OnnxModelArtifact(data.ToArray()));
    }

    private static void Check(ReadOnlySpan<byte> bytes)
    {
        // Every ModelProto starts with a field key: wire type 0 (varint) or 2 (length-delimited), field number >= 1.
        if (bytes.IsEmpty || (bytes[0] & 0x7) is not (0 or 2) || bytes[0] >> 3 == 0)
        {
            throw new CorruptException($"ONNX model artifact of {bytes.Length} bytes does not start with a protobuf field key.");
        }
    }
}
