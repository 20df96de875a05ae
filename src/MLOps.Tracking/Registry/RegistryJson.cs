using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLOps.Tracking.Registry;

/// <summary>Source-generated JSON for signatures as stored (camelCase, element types by name).</summary>
[JsonSerializable(typeof(ModelSignature))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
internal sealed partial class RegistryJson : JsonSerializerContext
{
    public static string Serialize(ModelSignature signature) => JsonSerializer.Serialize(signature, Default.ModelSignature);

    public static ModelSignature Deserialize(string json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(json, Default.ModelSignature) ?? throw new CorruptException($"The stored signature of {where} is empty.");
        }
        catch (JsonException e)
        {
            throw new CorruptException($"The stored signature of {where} is not valid JSON: {e.Message}", e);
        }
    }
}
