using System.Text;
using System.Text.Json;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>The Open Inference Protocol datatype names of every element type, as UTF-8 for parsing and as pre-encoded JSON for writing.</summary>
internal static class DatatypeNames
{
    private static readonly TensorElementType[] ElementTypes = Enum.GetValues<TensorElementType>();
    private static readonly byte[][] Utf8Names = [.. ElementTypes.Select(t => Encoding.UTF8.GetBytes(t.ToDatatypeName()))];
    private static readonly JsonEncodedText[] EncodedNames = [.. ElementTypes.Select(t => JsonEncodedText.Encode(t.ToDatatypeName()))];

    /// <summary>The datatype name as pre-encoded JSON text.</summary>
    public static JsonEncodedText Encoded(TensorElementType elementType) => EncodedNames[(int)elementType];

    /// <summary>Parses the string token the reader is on: exact upper-case names without allocating, any other case through a string.</summary>
    /// <returns>The element type, or null when the name is not a supported datatype.</returns>
    public static TensorElementType? Parse(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (reader.ValueTextEquals(Utf8Names[i]))
            {
                return ElementTypes[i];
            }
        }

        return TensorElementTypeExtensions.TryParseDatatypeName(reader.GetString(), out var elementType) ? elementType : null;
    }
}
