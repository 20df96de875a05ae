using Microsoft.AspNetCore.Http;
using MLOps.Serving.AspNetCore.Protocol;

namespace MLOps.Serving.AspNetCore;

/// <summary>Maps the suite's errors to Open Inference Protocol status codes and writes <c>{"error": "..."}</c>.</summary>
internal static class ProtocolErrors
{
    public static int StatusFor(Exception exception) => exception switch
    {
        InferenceException { Outcome: InferenceOutcome.Rejected } => StatusCodes.Status429TooManyRequests,
        InferenceException { Outcome: InferenceOutcome.DeadlineExceeded } => StatusCodes.Status503ServiceUnavailable,
        InferenceException => StatusCodes.Status500InternalServerError,
        ModelNotReadyException => StatusCodes.Status503ServiceUnavailable,
        NotFoundException => StatusCodes.Status404NotFound,
        ValidationException => StatusCodes.Status400BadRequest,
        CorruptException => StatusCodes.Status400BadRequest,
        ConflictException => StatusCodes.Status409Conflict,
        MLOpsException { Kind: MLOpsErrorKind.Unavailable } => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        using var buffer = new ResponseBuffer(256 + (message.Length * 3));
        ErrorWriter.Write(buffer, message);
        context.Response.StatusCode = status;
        context.Response.ContentType = InferenceProtocol.JsonContentType;
        context.Response.ContentLength = buffer.WrittenMemory.Length;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, Action<ResponseBuffer> write)
    {
        using var buffer = new ResponseBuffer();
        write(buffer);
        context.Response.StatusCode = status;
        context.Response.ContentType = InferenceProtocol.JsonContentType;
        context.Response.ContentLength = buffer.WrittenMemory.Length;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
