using System.Globalization;
using System.Text.Json;

namespace MLOps.Serving;

/// <summary>
/// Reads a model's <c>config.json</c> in a model repository folder. Keys (all optional):
/// <c>batching</c> (bool), <c>max_batch_size</c>, <c>max_queue_delay_us</c>, <c>preferred_batch_sizes</c>,
/// <c>max_queue_size</c>, <c>priority_levels</c>, <c>default_priority</c>, <c>instances</c>,
/// <c>adaptive</c>, <c>default_timeout_ms</c>, <c>threads</c>, <c>warmup</c>, and
/// <c>version_policy</c> (<c>"all"</c>, <c>{"latest": N}</c> or <c>{"specific": [1, 3]}</c>).
/// </summary>
public static class ModelConfigFile
{
    /// <summary>Reads a config file over a base configuration.</summary>
    /// <param name="path">The <c>config.json</c> file.</param>
    /// <param name="defaults">Values for keys the file leaves out; null for the defaults.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ValidationException">The file is not JSON, has an unknown key, or a value of the wrong type or range; the message names the file and key.</exception>
    public static ModelConfig Read(string path, ModelConfig? defaults = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var document = Parse(path);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException($"{path}: the configuration must be a JSON object.");
        }

        var baseline = (defaults ?? new ModelConfig()).Clone();
        var batching = baseline.Batching;
        var inference = baseline.Inference;
        var policy = baseline.VersionPolicy;
        var warmup = baseline.Warmup;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "batching": batching.Enabled = Bool(path, property); break;
                case "max_batch_size": batching.MaxBatchSize = Int(path, property); break;
                case "max_queue_delay_us": batching.MaxQueueDelay = TimeSpan.FromMicroseconds(Int(path, property)); break;
                case "preferred_batch_sizes":
                    batching.PreferredBatchSizes = [.. Array(path, property).Select(e => Int(path, property, e))];
                    break;
                case "max_queue_size": batching.MaxQueueSize = Int(path, property); break;
                case "priority_levels": batching.PriorityLevels = Int(path, property); break;
                case "default_priority": batching.DefaultPriority = Int(path, property); break;
                case "instances": batching.Instances = Int(path, property); break;
                case "adaptive": batching.Adaptive = Bool(path, property); break;
                case "default_timeout_ms": batching.DefaultTimeout = TimeSpan.FromMilliseconds(Int(path, property)); break;
                case "threads": inference.ThreadCount = Int(path, property); break;
                case "warmup": warmup = Bool(path, property); break;
                case "version_policy": policy = Policy(path, value); break;
                default:
                    throw new ValidationException($"{path}: unknown key '{property.Name}'.");
            }
        }

        var config = new ModelConfig
        {
            Batching = batching,
            Inference = inference,
            VersionPolicy = policy,
            Warmup = warmup,
        };
        try
        {
            config.Validate();
        }
        catch (ValidationException exception)
        {
            throw new ValidationException($"{path}: {exception.Message}", exception);
        }

        return config;
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new ValidationException($"{path}: not valid JSON (line {exception.LineNumber + 1}): {exception.Message}", exception);
        }
    }

    private static ModelVersionPolicy Policy(string path, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return ModelVersionPolicy.All;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (value.TryGetProperty("latest", out var latest) && latest.TryGetInt32(out var count))
            {
                return ModelVersionPolicy.Latest(count);
            }

            if (value.TryGetProperty("specific", out var specific) && specific.ValueKind == JsonValueKind.Array)
            {
                return ModelVersionPolicy.Specific([.. specific.EnumerateArray().Select(e => e.TryGetInt32(out var v) ? v : throw Invalid(path, "version_policy", "a list of version numbers"))]);
            }
        }

        throw Invalid(path, "version_policy", "\"all\", {\"latest\": N} or {\"specific\": [versions]}");
    }

    private static JsonElement.ArrayEnumerator Array(string path, JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray() : throw Invalid(path, property.Name, "an array of integers");

    private static int Int(string path, JsonProperty property) => Int(path, property, property.Value);

    private static int Int(string path, JsonProperty property, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var result) ? result : throw Invalid(path, property.Name, "an integer");

    private static bool Bool(string path, JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Invalid(path, property.Name, "true or false"),
    };

    private static ValidationException Invalid(string path, string key, string expected) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{path}: '{key}' must be {expected}."));
}
