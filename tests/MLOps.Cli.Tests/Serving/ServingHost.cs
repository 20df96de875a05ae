using System.Net;
using System.Net.Sockets;
using MLOps.Cli.Hosting;

namespace MLOps.Cli.Tests.Serving;

/// <summary>Runs <c>mlops serve</c> in this process on a free port until stopped, as the CLI's entry point runs it.</summary>
internal sealed class ServingHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private Task<int> _exit = Task.FromResult(0);

    private ServingHost(int port)
    {
        Port = port;
        BaseUrl = $"http://127.0.0.1:{port}";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>What serve printed; read it only after <see cref="StopAsync"/>.</summary>
    public string Output => _output.ToString();

    public string Error => _error.ToString();

    /// <summary>Starts <c>mlops serve ARGS --urls http://127.0.0.1:PORT</c> and waits until <c>/v2/health/ready</c> answers 200.</summary>
    public static async Task<ServingHost> StartAsync(params string[] args)
    {
        var host = new ServingHost(FreePort());
        host._exit = Task.Run(() => CliApplication.RunAsync(["serve", .. args, "--urls", host.BaseUrl], host._output, host._error, host._stop.Token));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (host._exit.IsCompleted)
            {
                throw new InvalidOperationException($"serve exited with {await host._exit} before it was ready: {host._error}");
            }

            try
            {
                using var ready = await host.Http.GetAsync("/v2/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                await host.DisposeAsync();
                throw new TimeoutException("serve did not become ready within 60 s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Cancels the command and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _exit.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (TimeoutException)
        {
            // Reported by the test that stops it; disposal goes on.
        }

        Http.Dispose();
        _stop.Dispose();
    }

    /// <summary>A port nothing listens on now: bind port 0, read what the system chose, release it.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
