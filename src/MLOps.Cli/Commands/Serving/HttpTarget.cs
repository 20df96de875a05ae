using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MLOps.Tensors;

namespace MLOps.Cli.Commands.Serving;

/// <summary>
/// A model on an Open Inference Protocol (KServe v2) server: the inputs come from
/// <c>GET /v2/models/{m}</c>, each caller POSTs its pre-serialized body (JSON, or the binary tensor
/// extension) to <c>/v2/models/{m}/infer</c> over one shared client with one connection per caller, and
/// the batch counters come from <c>GET /v2/models/{m}/stats</c>.
/// </summary>
internal sealed class HttpTarget : ILoadTarget
{
    private const string HeaderContentLength = "Inference-Header-Content-Length";
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly MediaTypeHeaderValue BinaryType = new("application/octet-stream");

    private readonly HttpClient _client;
    private readonly HttpClient _control;
    private readonly Uri _infer;
    private readonly Uri _stats;
    private readonly IReadOnlyList<InputSpec> _inputs;
    private readonly IReadOnlyList<string> _outputs;
    private readonly bool _binary;
    private readonly List<RawHttpCaller> _raw = [];

    private HttpTarget(string model, HttpClient client, HttpClient control, Uri infer, Uri stats, IReadOnlyList<InputSpec> inputs, IReadOnlyList<string> outputs, bool binary)
    {
        Model = model;
        _client = client;
        _control = control;
        _infer = infer;
        _stats = stats;
        _inputs = inputs;
        _outputs = outputs;
        _binary = binary;
    }

    public string Model { get; }

    /// <summary>Whether callers use <see cref="RawHttpCaller"/> connections instead of <see cref="HttpClient"/>.</summary>
    public bool RawClient { get; private set; }

    /// <summary>Switches callers created from now on to lean socket connections.</summary>
    public HttpTarget WithRawClient(bool raw)
    {
        RawClient = raw;
        return this;
    }

    /// <summary>Reads the model's metadata and prepares the clients.</summary>
    /// <param name="server">The server's base URL, such as <c>http://127.0.0.1:8000</c>.</param>
    /// <param name="model">The model's name.</param>
    /// <param name="rows">Rows per request.</param>
    /// <param name="concurrency">Callers, and so connections.</param>
    /// <param name="binary">Whether to send and ask for binary tensors.</param>
    /// <param name="cancellationToken">Cancels the metadata request.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ValidationException">The server cannot be reached, does not serve the model, or describes inputs the generator cannot fill.</exception>
    public static async Task<HttpTarget> CreateAsync(Uri server, string model, int rows, int concurrency, bool binary, CancellationToken cancellationToken)
    {
        var root = server.AbsoluteUri.TrimEnd('/');
        var escaped = Uri.EscapeDataString(model);
        var metadataUri = new Uri($"{root}/v2/models/{escaped}");
#pragma warning disable CA2000 // Owned by the target, or disposed below on failure.
        var control = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 2 }) { Timeout = TimeSpan.FromSeconds(30) };
#pragma warning restore CA2000
        try
        {
            var (inputs, outputs) = await ReadMetadataAsync(control, metadataUri, rows, cancellationToken).ConfigureAwait(false);
#pragma warning disable CA2000 // Owned by the target.
            var client = new HttpClient(new SocketsHttpHandler
            {
                UseProxy = false,
                MaxConnectionsPerServer = concurrency,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.None,
            })
            {
                Timeout = TimeSpan.FromSeconds(60),
            };
#pragma warning restore CA2000
            return new HttpTarget(model, client, control, new Uri($"{root}/v2/models/{escaped}/infer"), new Uri($"{root}/v2/models/{escaped}/stats"), inputs, outputs, binary);
        }
        catch
        {
            control.Dispose();
            throw;
        }
    }

    public Func<CancellationToken, ValueTask> CreateCaller(int index)
    {
        var random = new Random(20260101 + index);
        var tensors = _inputs.Select(i => i.Generate(random)).ToList();
        byte[] body;
        string? headerValue = null;
        if (_binary)
        {
            (body, var headerLength) = InferRequestBody.Binary(_inputs, tensors, _outputs);
            headerValue = headerLength.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            body = InferRequestBody.Json(_inputs, tensors);
        }

        if (RawClient)
        {
            var raw = new RawHttpCaller(_infer, _infer.AbsolutePath, body, headerValue is null ? "application/json" : "application/octet-stream", headerValue);
            lock (_raw)
            {
                _raw.Add(raw);
            }

            return raw.SendAsync;
        }

        var drain = new byte[16 * 1024];
        return cancellationToken => SendAsync(body, headerValue, drain, cancellationToken);
    }

    public async Task<BatchCounters?> ReadCountersAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _control.GetAsync(_stats, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(bytes);
            if (!document.RootElement.TryGetProperty("model_stats", out var versions) || versions.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            long inferences = 0;
            long executions = 0;
            foreach (var version in versions.EnumerateArray())
            {
                inferences += Count(version, "inference_count");
                executions += Count(version, "execution_count");
            }

            return new BatchCounters(inferences, executions);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _control.Dispose();
        foreach (var raw in _raw)
        {
            await raw.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static long Count(JsonElement version, string name) =>
        version.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) ? count : 0;

    private static async Task<(IReadOnlyList<InputSpec> Inputs, IReadOnlyList<string> Outputs)> ReadMetadataAsync(HttpClient control, Uri uri, int rows, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            using var response = await control.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ValidationException($"GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(Encoding.UTF8.GetString(bytes))}");
            }
        }
        catch (HttpRequestException exception)
        {
            throw new ValidationException($"Cannot reach {uri}: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ValidationException($"GET {uri} timed out.");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var inputs = root.GetProperty("inputs").EnumerateArray().Select(input =>
            {
                var name = input.GetProperty("name").GetString() ?? throw new ValidationException("An input has a null name.");
                var datatype = input.GetProperty("datatype").GetString();
                if (!TensorElementTypeExtensions.TryParseDatatypeName(datatype, out var elementType))
                {
                    throw new ValidationException($"Input '{name}' has datatype '{datatype}', which the load generator cannot fill.");
                }

                var shape = input.GetProperty("shape").EnumerateArray().Select(d => checked((int)d.GetInt64())).ToArray();
                return InputSpec.Create(name, elementType, shape, rows);
            }).ToList();
            var outputs = root.TryGetProperty("outputs", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(o => o.GetProperty("name").GetString() ?? string.Empty).Where(n => n.Length > 0).ToList()
                : [];
            if (inputs.Count == 0)
            {
                throw new ValidationException($"GET {uri} describes no inputs.");
            }

            return (inputs, outputs);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new ValidationException($"GET {uri} did not answer Open Inference Protocol model metadata: {exception.Message}");
        }
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    private async ValueTask SendAsync(byte[] body, string? headerLength, byte[] drain, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _infer) { Content = new ByteArrayContent(body), Version = HttpVersion.Version11 };
        request.Content.Headers.ContentType = headerLength is null ? JsonType : BinaryType;
        if (headerLength is not null)
        {
            request.Headers.TryAddWithoutValidation(HeaderContentLength, headerLength);
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(text)}", null, response.StatusCode);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (await stream.ReadAsync(drain, cancellationToken).ConfigureAwait(false) > 0)
            {
                // Read the whole answer, as a client would; its content is not checked.
            }
        }
    }
}
