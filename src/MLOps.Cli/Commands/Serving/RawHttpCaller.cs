using System.Buffers.Text;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MLOps.Cli.Commands.Serving;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends a request prepared once and reads the answer with no
/// per-request allocation: a load generator cheap enough that, on a machine it shares with the server,
/// the server's cost dominates what is measured (like wrk). Content-Length responses only (what Kestrel
/// sends for these endpoints).
/// </summary>
internal sealed class RawHttpCaller : IAsyncDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLengthName = "content-length:"u8.ToArray();
    private readonly string _host;
    private readonly int _port;
    private readonly byte[] _request;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;

    public RawHttpCaller(Uri server, string path, byte[] body, string contentType, string? inferenceHeaderLength)
    {
        _host = server.Host;
        _port = server.Port;
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {server.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        if (inferenceHeaderLength is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Inference-Header-Content-Length: {inferenceHeaderLength}\r\n");
        }

        var headBytes = Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
        _request = [.. headBytes, .. body];
    }

    public async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        var socket = _socket ??= await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(_request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            await ReadResponseAsync(socket, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            _socket = null;
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        _socket = null;
        return ValueTask.CompletedTask;
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async ValueTask ReadResponseAsync(Socket socket, CancellationToken cancellationToken)
    {
        var filled = 0;
        int headerLength;
        while (true)
        {
            var read = await socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The server closed the connection before answering.");
            }

            filled += read;
            var end = _buffer.AsSpan(0, filled).IndexOf(HeaderEnd);
            if (end >= 0)
            {
                headerLength = end + HeaderEnd.Length;
                break;
            }

            if (filled == _buffer.Length)
            {
                throw new IOException("The response headers are larger than 64 KiB.");
            }
        }

        var status = ParseStatus(_buffer.AsSpan(0, headerLength));
        var contentLength = ParseContentLength(_buffer.AsSpan(0, headerLength));
        var bodyRead = filled - headerLength;
        var firstBody = Encoding.UTF8.GetString(_buffer, headerLength, Math.Min(bodyRead, 300));
        while (bodyRead < contentLength)
        {
            var read = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The server closed the connection in the middle of the answer.");
            }

            bodyRead += read;
        }

        if (status != 200)
        {
            throw new HttpRequestException($"{status}: {firstBody}");
        }
    }

    private static int ParseStatus(ReadOnlySpan<byte> head) =>
        head.Length > 12 && Utf8Parser.TryParse(head[9..12], out int status, out _) ? status : throw new IOException("The response has no HTTP status line.");

    private static long ParseContentLength(ReadOnlySpan<byte> head)
    {
        for (var start = 0; start < head.Length;)
        {
            var lineEnd = head[start..].IndexOf((byte)'\n');
            var line = lineEnd < 0 ? head[start..] : head[start..(start + lineEnd)];
            if (line.Length > ContentLengthName.Length && Ascii.EqualsIgnoreCase(line[..ContentLengthName.Length], ContentLengthName)
                && Utf8Parser.TryParse(line[ContentLengthName.Length..].Trim((byte)' ').TrimEnd((byte)'\r'), out long length, out _))
            {
                return length;
            }

            if (lineEnd < 0)
            {
                break;
            }

            start += lineEnd + 1;
        }

        throw new IOException("The response has no Content-Length header.");
    }
}
