using System.Text.Json;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>Parses one JSON tensor element straight into a typed destination array.</summary>
/// <remarks>Implemented by structs so that the data walker is specialized, and inlined, per element type.</remarks>
internal interface IJsonElementSink
{
    /// <summary>Parses the reader's current token, a scalar, into element <paramref name="index"/>.</summary>
    /// <param name="reader">A reader positioned on the element's token.</param>
    /// <param name="index">The row-major element index.</param>
    /// <exception cref="ValidationException">The token is not a valid value of the element type; the message names the input and element.</exception>
    void Read(ref Utf8JsonReader reader, int index);
}
