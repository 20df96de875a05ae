using System.Text.Json;

namespace MLOps.Pipelines.Artifacts;

/// <summary>
/// Records and scalars as canonical JSON (System.Text.Json, properties sorted, no whitespace). The default
/// for every type without a dedicated serializer.
/// </summary>
/// <typeparam name="T">The type serialized.</typeparam>
/// <param name="options">The serializer options; the defaults when null.</param>
public sealed class JsonArtifactSerializer<T>(JsonSerializerOptions? options = null) : IArtifactSerializer<T>
{
    private readonly JsonSerializerOptions _options = options ?? JsonSerializerOptions.Default;

    /// <summary>A shared instance with the default options.</summary>
    public static JsonArtifactSerializer<T> Default { get; } = new();

    /// <inheritdoc />
    public string Id => "json";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public ValueTask WriteAsync(T value, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bytes = CanonicalJson.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(value, _options));
        destination.Write(bytes);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<T> ReadAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        try
        {
            return ValueTask.FromResult(JsonSerializer.Deserialize<T>(data.Span, _options)!);
        }
        catch (JsonException exception)
        {
            throw new CorruptException($"Artifact is not valid JSON for {typeof(T).Name}: {exception.Message}", exception);
        }
    }
}
