using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MLOps.Serving.AspNetCore;

namespace MLOps.Serving.AspNetCore.Tests.Endpoints;

/// <summary>A real Kestrel host on 127.0.0.1 (a free port) with the v2 endpoints, metrics and health checks.</summary>
internal sealed class ServingHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServingHost(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public ModelRepository Repository => _app.Services.GetRequiredService<ModelRepository>();

    public static async Task<ServingHost> StartAsync(Action<ServingBuilder> serving, Action<OpenInferenceOptions>? protocol = null, Action<IMLOpsBuilder>? mlops = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var services = builder.Services.AddMLOps();
        mlops?.Invoke(services);
        services.AddServing(serving);
        builder.Services.AddHealthChecks().AddModelRepository();
        var app = builder.Build();
        app.MapOpenInferenceProtocol(protocol);
        app.MapPrometheusMetrics("/metrics");
        app.MapHealthChecks("/healthz");
        await app.StartAsync();
        return new ServingHost(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
