using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Protocol;

/// <summary>
/// Decodes Open Inference Protocol (KServe v2) REST inference requests for one model signature:
/// the JSON body, or a JSON header followed by binary tensor data when the request carries the
/// <c>Inference-Header-Content-Length</c> header. Parses with <see cref="Utf8JsonReader"/> straight
/// into the tensors' arrays.
/// </summary>
/// <remarks>
/// <para>Accepted: <c>data</c> flat (row-major) or nested exactly as the shape; BOOL as
/// <c>true</c>/<c>false</c>; BYTES as strings (UTF-8); integers as JSON integers (or integral
/// values such as <c>2.0</c>); floats as JSON numbers or the strings <c>"NaN"</c>,
/// <c>"Infinity"</c> and <c>"-Infinity"</c>, since JSON numbers cannot express them. Request
/// parameters <c>binary_data_output</c> (bool), <c>priority</c> (non-negative int) and
/// <c>timeout</c> (microseconds; 0 means none); other parameters and unknown fields are ignored.
/// An empty <c>outputs</c> list means every output.</para>
/// <para>Immutable and thread-safe; build one per signature (or use <see cref="For"/>) and share it.</para>
/// </remarks>
internal sealed class InferRequestReader
{
    private static readonly ConditionalWeakTable<ModelSignature, InferRequestReader> Cache = new();

    // Room for the object, the inputs array and the input around data nested to the largest rank.
    private static readonly JsonReaderOptions Options = new() { MaxDepth = InferenceProtocol.MaxRank + 8 };

    private readonly byte[][] _inputNames;
    private readonly RequestedOutputReader _outputs;

    /// <summary>Creates a reader for a model's signature.</summary>
    /// <param name="signature">The model's inputs and outputs.</param>
    public InferRequestReader(ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        Signature = signature;
        _inputNames = [.. signature.Inputs.Select(i => Encoding.UTF8.GetBytes(i.Name))];
        _outputs = new RequestedOutputReader(signature.Outputs);
    }

    /// <summary>The signature requests are checked against.</summary>
    public ModelSignature Signature { get; }

    /// <summary>The shared reader of a signature, created on first use and kept while the signature lives.</summary>
    /// <param name="signature">The model's signature.</param>
    /// <returns>The reader.</returns>
    public static InferRequestReader For(ModelSignature signature) =>
        Cache.GetValue(signature ?? throw new ArgumentNullException(nameof(signature)), static s => new InferRequestReader(s));

    /// <inheritdoc cref="Read(ReadOnlySequence{byte}, long?)"/>
    public DecodedInferRequest Read(ReadOnlyMemory<byte> body, long? headerLength = null) =>
        Read(new ReadOnlySequence<byte>(body), headerLength);

    /// <summary>Decodes a request body.</summary>
    /// <param name="body">The whole HTTP body.</param>
    /// <param name="headerLength">The value of the <c>Inference-Header-Content-Length</c> header, or null when absent (the body is then all JSON).</param>
    /// <returns>The inputs in signature order, the outputs to return, and the request's id and parameters.</returns>
    /// <exception cref="ValidationException">
    /// The body is malformed JSON (the message gives the byte position), or an input is unknown, missing,
    /// duplicated, of the wrong datatype or shape, its data does not fill the shape or does not fit the
    /// type, binary sizes do not match, or the header length exceeds the body; messages name the input.
    /// </exception>
    public DecodedInferRequest Read(ReadOnlySequence<byte> body, long? headerLength = null)
    {
        var json = body;
        var binary = ReadOnlySequence<byte>.Empty;
        if (headerLength is { } length)
        {
            if (length < 0 || length > body.Length)
            {
                throw new ValidationException(
                    $"The {InferenceProtocol.HeaderContentLengthHeader} header is {length.ToString(CultureInfo.InvariantCulture)} but the body has only {body.Length.ToString(CultureInfo.InvariantCulture)} bytes.");
            }

            json = body.Slice(0, length);
            binary = body.Slice(length);
        }

        var reader = new Utf8JsonReader(json, Options);
        try
        {
            return ReadRequest(ref reader, json.Length, binary, headerLength is not null);
        }
        catch (JsonException e)
        {
            throw Malformed(json, e);
        }
    }

    /// <summary>Resolves the string token the reader is on to an input index, without allocating for known names.</summary>
    internal int ResolveInput(ref Utf8JsonReader reader, int ordinal)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ValidationException($"Request inputs[{ordinal.ToString(CultureInfo.InvariantCulture)}] name must be a string; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }

        for (var i = 0; i < _inputNames.Length; i++)
        {
            if (reader.ValueTextEquals(_inputNames[i]))
            {
                return i;
            }
        }

        throw new ValidationException($"The model has no input '{reader.GetString()}'; its inputs are {List(Signature.Inputs)}.");
    }

    private DecodedInferRequest ReadRequest(ref Utf8JsonReader reader, long jsonLength, ReadOnlySequence<byte> binary, bool hasHeaderLength)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ValidationException($"The request body must be a JSON object; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }

        var inputs = new Tensor[Signature.Inputs.Count];
        Span<bool> seen = inputs.Length <= 256 ? stackalloc bool[inputs.Length] : new bool[inputs.Length];
        List<PendingBinaryInput>? pending = null;
        List<(int Index, bool? Binary)>? requested = null;
        var parameters = default(RequestParameters);
        string? id = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                ExpectArray(ref reader, "inputs");
                for (var ordinal = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; ordinal++)
                {
                    var input = RequestInputReader.Read(ref reader, this, ordinal, jsonLength);
                    if (seen[input.Index])
                    {
                        throw new ValidationException($"Input '{Signature.Inputs[input.Index].Name}' appears more than once in the request.");
                    }

                    seen[input.Index] = true;
                    if (input.Tensor is { } tensor)
                    {
                        inputs[input.Index] = tensor;
                    }
                    else
                    {
                        (pending ??= []).Add(input.Binary);
                    }
                }
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                reader.Read();
                ExpectArray(ref reader, "outputs");
                for (var ordinal = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; ordinal++)
                {
                    _outputs.Read(ref reader, ordinal, requested ??= []);
                }
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Null => null,
                    _ => throw new ValidationException($"The request id must be a string; it is {JsonElementErrors.Describe(reader.TokenType)}."),
                };
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                parameters = RequestParameters.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Anything but whitespace after the object is malformed JSON, which Read reports by throwing.
        reader.Read();
        CheckAllPresent(seen);
        if (pending is not null)
        {
            ReadBinaryInputs(binary, hasHeaderLength, pending, inputs);
        }
        else if (binary.Length > 0)
        {
            throw new ValidationException(
                $"The body has {binary.Length.ToString(CultureInfo.InvariantCulture)} bytes after its JSON header but no input has parameters.binary_data_size.");
        }

        return new DecodedInferRequest
        {
            Id = id,
            Inputs = inputs,
            Outputs = _outputs.Resolve(requested, parameters.BinaryDataOutput),
            OutputsListed = requested is { Count: > 0 },
            Priority = parameters.Priority,
            Timeout = parameters.Timeout,
        };
    }

    private void CheckAllPresent(ReadOnlySpan<bool> seen)
    {
        var missing = seen.IndexOf(false);
        if (missing >= 0)
        {
            throw new ValidationException($"Input '{Signature.Inputs[missing].Name}' is missing from the request; the model's inputs are {List(Signature.Inputs)}.");
        }
    }

    private static void ReadBinaryInputs(ReadOnlySequence<byte> binary, bool hasHeaderLength, List<PendingBinaryInput> pending, Tensor[] inputs)
    {
        if (!hasHeaderLength)
        {
            throw new ValidationException(
                $"Input '{pending[0].Name}' has parameters.binary_data_size but the request has no {InferenceProtocol.HeaderContentLengthHeader} header to say where its binary data starts.");
        }

        long total = 0;
        foreach (var input in pending)
        {
            total += input.Size;
        }

        if (total != binary.Length)
        {
            var sizes = string.Join(", ", pending.Select(p => $"'{p.Name}' {p.Size.ToString(CultureInfo.InvariantCulture)}"));
            throw new ValidationException(
                $"The body has {binary.Length.ToString(CultureInfo.InvariantCulture)} bytes of binary data after its JSON header but the inputs' binary_data_size values add up to {total.ToString(CultureInfo.InvariantCulture)} ({sizes}).");
        }

        long offset = 0;
        foreach (var input in pending)
        {
            inputs[input.Index] = BinaryTensorReader.Read(binary.Slice(offset, input.Size), input);
            offset += input.Size;
        }
    }

    private static void ExpectArray(ref Utf8JsonReader reader, string property)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ValidationException($"The request's {property} must be a JSON array; it is {JsonElementErrors.Describe(reader.TokenType)}.");
        }
    }

    private static ValidationException Malformed(ReadOnlySequence<byte> json, JsonException e)
    {
        // The reader reports a line and a byte within it; the absolute offset is what a client with a one-line body can use.
        var line = e.LineNumber ?? 0;
        var position = e.BytePositionInLine ?? 0;
        var offset = 0L;
        for (var seen = 0L; seen < line && json.PositionOf((byte)'\n') is { } newline; seen++)
        {
            offset += json.Slice(0, newline).Length + 1;
            json = json.Slice(json.GetPosition(1, newline));
        }

        var reason = e.Message;
        var suffix = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (suffix >= 0)
        {
            reason = reason[..suffix];
        }

        return new ValidationException(
            $"The request body is not valid JSON at byte {(offset + position).ToString(CultureInfo.InvariantCulture)} (line {(line + 1).ToString(CultureInfo.InvariantCulture)}): {reason}", e);
    }

    internal static string List(IReadOnlyList<TensorSignature> tensors) => string.Join(", ", tensors.Select(t => $"'{t.Name}'"));
}
