using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using MLOps.Serving.AspNetCore.Protocol;

namespace MLOps.Serving.AspNetCore;

/// <summary><c>POST /v2/models/{model}[/versions/{version}]/infer</c>: JSON or binary tensors in, the same out.</summary>
internal sealed class InferEndpoint(ModelRepository repository, OpenInferenceOptions options)
{
    public async Task HandleAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        ReadResult read = default;
        var pending = false;
        try
        {
            var name = (string)context.Request.RouteValues["model"]!;
            var version = Routes.Version(context);
            var model = repository.GetModel(name);
            var signature = (version is { } number ? model.FindVersion(number) : model.Latest)?.Signature
                ?? throw (version is { } missing
                    ? new NotFoundException($"Model '{name}' has no loaded version {missing}.")
                    : new ModelNotReadyException($"Model '{name}' has no ready version."));
            var headerLength = HeaderLength(context.Request);
            if (context.Request.ContentLength is { } declared && declared > options.MaxRequestBodySize)
            {
                throw new BodyTooLargeException(declared, options.MaxRequestBodySize);
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = options.MaxRequestBodySize;
            }

            while (true)
            {
                read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                pending = true;
                if (read.Buffer.Length > options.MaxRequestBodySize)
                {
                    throw new BodyTooLargeException(read.Buffer.Length, options.MaxRequestBodySize);
                }

                if (read.IsCompleted)
                {
                    break;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                pending = false;
            }

            var decoded = InferRequestReader.For(signature).Read(read.Buffer, headerLength);
            reader.AdvanceTo(read.Buffer.End);
            pending = false;
            var request = new InferenceRequest(decoded.Inputs) { Priority = decoded.Priority, Timeout = decoded.Timeout, Id = decoded.Id };
            var response = await repository.InferAsync(name, version, request, context.RequestAborted).ConfigureAwait(false);
            using var body = new ResponseBuffer(8192);
            var jsonLength = InferResponseWriter.Write(body, response.ModelName, response.ModelVersion, decoded, response.Signature, response.Outputs);
            var http = context.Response;
            http.StatusCode = StatusCodes.Status200OK;
            if (jsonLength is { } length)
            {
                http.ContentType = InferenceProtocol.BinaryContentType;
                http.Headers[InferenceProtocol.HeaderContentLengthHeader] = length.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                http.ContentType = InferenceProtocol.JsonContentType;
            }

            http.ContentLength = body.WrittenMemory.Length;
            await http.BodyWriter.WriteAsync(body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        catch (BodyTooLargeException exception)
        {
            await ProtocolErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, exception.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            await ProtocolErrors.WriteAsync(context, exception.StatusCode, exception.Message).ConfigureAwait(false);
        }
        catch (MLOpsException exception)
        {
            await ProtocolErrors.WriteAsync(context, ProtocolErrors.StatusFor(exception), exception.Message).ConfigureAwait(false);
        }
        finally
        {
            if (pending)
            {
                reader.AdvanceTo(read.Buffer.End);
            }
        }
    }

    private static long? HeaderLength(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(InferenceProtocol.HeaderContentLengthHeader, out var values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1 || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw new ValidationException($"The {InferenceProtocol.HeaderContentLengthHeader} header is '{values}'; it must be one non-negative integer.");
        }

        return length;
    }

    private sealed class BodyTooLargeException(long size, long limit)
        : Exception($"The request body has {(size >= 0 ? size.ToString(CultureInfo.InvariantCulture) : "more than the limit of")} bytes; the limit is {limit} (OpenInferenceOptions.MaxRequestBodySize).");
}
