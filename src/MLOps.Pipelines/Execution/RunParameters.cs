using System.Text.Json;

namespace MLOps.Pipelines;

/// <summary>A run's parameter values, their canonical hashes, and their stored form (JSON object of base64 bytes).</summary>
internal sealed class RunParameters
{
    private RunParameters(object?[] values, ContentHash[] hashes, string json)
    {
        Values = values;
        Hashes = hashes;
        Json = json;
    }

    public object?[] Values { get; }

    public ContentHash[] Hashes { get; }

    public string Json { get; }

    public static RunParameters Bind(Pipeline pipeline, IReadOnlyDictionary<string, object?>? given)
    {
        given ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        var definitions = pipeline.ParameterDefinitions;
        foreach (var name in given.Keys)
        {
            if (!Array.Exists(definitions, d => string.Equals(d.Name, name, StringComparison.Ordinal)))
            {
                throw new ValidationException($"Pipeline '{pipeline.Name}' has no parameter '{name}'; it has: {Describe(pipeline)}.");
            }
        }

        var values = new object?[definitions.Length];
        for (var i = 0; i < definitions.Length; i++)
        {
            var d = definitions[i];
            if (given.TryGetValue(d.Name, out var value))
            {
                if (value is null ? d.Type.IsValueType && Nullable.GetUnderlyingType(d.Type) is null : !d.Type.IsInstanceOfType(value))
                {
                    throw new ValidationException($"Pipeline '{pipeline.Name}' parameter '{d.Name}' is {d.Type.Name}; got {value?.GetType().Name ?? "null"}.");
                }

                values[i] = value;
            }
            else if (d.HasDefault)
            {
                values[i] = d.DefaultValue;
            }
            else
            {
                throw new ValidationException($"Pipeline '{pipeline.Name}' parameter '{d.Name}' ({d.Type.Name}) is required and was not given.");
            }
        }

        var bytes = new byte[definitions.Length][];
        for (var i = 0; i < definitions.Length; i++)
        {
            // Parameter serializers write to memory: the ValueTask completes synchronously for the built-in ones.
            bytes[i] = definitions[i].Codec.SerializeAsync(values[i], CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return Create(definitions, values, bytes);
    }

    public static async ValueTask<RunParameters> RestoreAsync(Pipeline pipeline, string json, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? stored;
        try
        {
            stored = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException exception)
        {
            throw new CorruptException($"The stored parameters of a run of pipeline '{pipeline.Name}' are not valid JSON: {exception.Message}", exception);
        }

        stored ??= [];
        var definitions = pipeline.ParameterDefinitions;
        var values = new object?[definitions.Length];
        var bytes = new byte[definitions.Length][];
        for (var i = 0; i < definitions.Length; i++)
        {
            if (!stored.TryGetValue(definitions[i].Name, out var base64))
            {
                throw new ValidationException($"The run has no stored value for parameter '{definitions[i].Name}' of pipeline '{pipeline.Name}': the pipeline changed since.");
            }

            bytes[i] = Convert.FromBase64String(base64);
            values[i] = await definitions[i].Codec.DeserializeAsync(bytes[i], cancellationToken).ConfigureAwait(false);
        }

        return Create(definitions, values, bytes);
    }

    private static RunParameters Create(ParameterDefinition[] definitions, object?[] values, byte[][] bytes)
    {
        var stored = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var hashes = new ContentHash[definitions.Length];
        for (var i = 0; i < definitions.Length; i++)
        {
            hashes[i] = ContentHash.Compute(bytes[i]);
            stored[definitions[i].Name] = Convert.ToBase64String(bytes[i]);
        }

        return new RunParameters(values, hashes, JsonSerializer.Serialize(stored));
    }

    private static string Describe(Pipeline pipeline) =>
        pipeline.Parameters.Count == 0 ? "none" : string.Join(", ", pipeline.Parameters.Select(static p => "'" + p + "'"));
}
