using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>
/// Reads a request's <c>outputs</c> entries (<c>{"name", "parameters": {"binary_data"}}</c>) against
/// a signature's outputs, and resolves which outputs a response carries and whether each is binary.
/// Immutable and thread-safe.
/// </summary>
internal sealed class RequestedOutputReader
{
    private readonly IReadOnlyList<TensorSignature> _outputs;
    private readonly byte[][] _outputNames;
    private readonly RequestedOutput[] _allAsJson;
    private readonly RequestedOutput[] _allAsBinary;

    public RequestedOutputReader(IReadOnlyList<TensorSignature> outputs)
    {
        _outputs = outputs;
        _outputNames = [.. outputs.Select(o => Encoding.UTF8.GetBytes(o.Name))];
        _allAsJson = [.. outputs.Select((_, i) => new RequestedOutput(i, Binary: false))];
        _allAsBinary = [.. outputs.Select((_, i) => new RequestedOutput(i, Binary: true))];
    }

    /// <summary>Reads the entry the reader is positioned on into <paramref name="requested"/>; its binary flag stays null when the entry does not say.</summary>
    /// <exception cref="ValidationException">The entry is malformed, names no known output, or repeats one.</exception>
    public void Read(ref Utf8JsonReader reader, int ordinal, List<(int Index, bool? Binary)> requested)
    {
        var where = $"Request outputs[{ordinal.ToString(CultureInfo.InvariantCulture)}]";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ValidationException($"{where} must be a JSON object; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }

        var index = -1;
        bool? binary = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                index = ResolveOutput(ref reader, where);
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                binary = ReadOutputParameters(ref reader, where);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (index < 0)
        {
            throw new ValidationException($"{where} has no name.");
        }

        foreach (var (other, _) in requested)
        {
            if (other == index)
            {
                throw new ValidationException($"Output '{_outputs[index].Name}' is requested more than once.");
            }
        }

        requested.Add((index, binary));
    }

    /// <summary>The outputs to write: those requested, in request order, or every output when none are; unset binary flags take the request's <c>binary_data_output</c>.</summary>
    public IReadOnlyList<RequestedOutput> Resolve(List<(int Index, bool? Binary)>? requested, bool binaryByDefault)
    {
        if (requested is not { Count: > 0 })
        {
            return binaryByDefault ? _allAsBinary : _allAsJson;
        }

        var outputs = new RequestedOutput[requested.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = new RequestedOutput(requested[i].Index, requested[i].Binary ?? binaryByDefault);
        }

        return outputs;
    }

    private int ResolveOutput(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ValidationException($"{where} name must be a string; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }

        for (var i = 0; i < _outputNames.Length; i++)
        {
            if (reader.ValueTextEquals(_outputNames[i]))
            {
                return i;
            }
        }

        throw new ValidationException($"The model has no output '{reader.GetString()}'; its outputs are {InferRequestReader.List(_outputs)}.");
    }

    private static bool? ReadOutputParameters(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ValidationException($"{where} parameters must be a JSON object; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }

        bool? binary = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isBinary = reader.ValueTextEquals("binary_data"u8);
            reader.Read();
            if (!isBinary)
            {
                reader.Skip();
                continue;
            }

            binary = reader.TokenType switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => throw new ValidationException($"{where} parameter binary_data must be true or false; it is {JsonElementErrors.Describe(reader.TokenType)}."),
            };
        }

        return binary;
    }
}
