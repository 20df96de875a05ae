using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MLOps;
using MLOps.Serving;
using MLOps.Serving.AspNetCore;
using MLOps.Serving.AspNetCore.Metrics;
using MLOps.Serving.AspNetCore.Protocol;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Open Inference Protocol (KServe v2 REST) and the metrics endpoint over the registered <see cref="ModelRepository"/>.</summary>
public static class OpenInferenceProtocolEndpoints
{
    /// <summary>
    /// Maps <c>GET /v2</c>, <c>/v2/health/live</c>, <c>/v2/health/ready</c>,
    /// <c>/v2/models/{m}[/versions/{v}]</c>, <c>…/ready</c>, <c>…/stats</c> (and <c>/v2/models/stats</c>), and
    /// <c>POST /v2/models/{m}[/versions/{v}]/infer</c> with JSON and binary tensors, and the model repository
    /// extension (<c>POST /v2/repository/index</c>, <c>/v2/repository/models/{m}/load</c>, <c>…/unload</c>). Errors are
    /// <c>{"error": "…"}</c> with 400 (bad input), 404 (unknown model or version), 413 (body too large),
    /// 429 (queue full), 503 (not ready, deadline passed) or 500 (the model failed).
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="configure">Adjusts the options (body size limit, server name).</param>
    /// <returns>The group of mapped endpoints, for conventions such as authorization.</returns>
    /// <exception cref="InvalidOperationException"><c>AddServing</c> was not called.</exception>
    public static RouteGroupBuilder MapOpenInferenceProtocol(this IEndpointRouteBuilder endpoints, Action<OpenInferenceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = new OpenInferenceOptions();
        configure?.Invoke(options);
        options.Validate();
        var repository = endpoints.ServiceProvider.GetService<ModelRepository>()
            ?? throw new InvalidOperationException("MapOpenInferenceProtocol needs a ModelRepository: call services.AddMLOps().AddServing(...) first.");
        var infer = new InferEndpoint(repository, options);
        var group = endpoints.MapGroup("/v2");
        group.MapGet(string.Empty, context => ProtocolErrors.WriteJsonAsync(context, 200, b => ServerMetadataWriter.Write(b, options.ServerName)));
        group.MapGet("/health/live", context => Flag(context, "live", true));
        group.MapGet("/health/ready", context => Flag(context, "ready", repository.IsReady));
        group.MapGet("/models/stats", context => Guard(context, () => Statistics(context, repository.Models.SelectMany(m => m.Versions))));
        group.MapGet("/models/{model}", context => Guard(context, () => Metadata(context, repository)));
        group.MapGet("/models/{model}/versions/{version}", context => Guard(context, () => Metadata(context, repository)));
        group.MapGet("/models/{model}/ready", context => Guard(context, () => ModelReady(context, repository)));
        group.MapGet("/models/{model}/versions/{version}/ready", context => Guard(context, () => ModelReady(context, repository)));
        group.MapGet("/models/{model}/stats", context => Guard(context, () => ModelStatistics(context, repository)));
        group.MapGet("/models/{model}/versions/{version}/stats", context => Guard(context, () => ModelStatistics(context, repository)));
        group.MapPost("/repository/index", context => Guard(context, () => RepositoryEndpoints.IndexAsync(context, repository)));
        group.MapPost("/repository/models/{model}/load", context => Guard(context, () => RepositoryEndpoints.LoadAsync(context, repository)));
        group.MapPost("/repository/models/{model}/unload", context => Guard(context, () => RepositoryEndpoints.UnloadAsync(context, repository)));
        group.MapPost("/models/{model}/infer", infer.HandleAsync);
        group.MapPost("/models/{model}/versions/{version}/infer", infer.HandleAsync);
        return group;
    }

    /// <summary>Maps a Prometheus text endpoint for the suite's metrics (serving, tracking, drift: every meter named <c>MLOps.*</c>).</summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The path.</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var metrics = endpoints.ServiceProvider.GetService<PrometheusMetrics>();
        if (metrics is null)
        {
            metrics = new PrometheusMetrics();
            endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(metrics.Dispose);
        }

        return endpoints.MapGet(pattern, async context =>
        {
            context.Response.ContentType = PrometheusMetrics.ContentType;
            await context.Response.WriteAsync(metrics.Render(), context.RequestAborted).ConfigureAwait(false);
        });
    }

    /// <summary>Adds a health check that is healthy when every served model has a ready version.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddModelRepository(this IHealthChecksBuilder builder, string name = "models")
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<ModelRepositoryHealthCheck>(name, HealthStatus.Unhealthy, ["ready"]);
    }

    private static async Task Guard(HttpContext context, Func<Task> handle)
    {
        try
        {
            await handle().ConfigureAwait(false);
        }
        catch (MLOpsException exception)
        {
            await ProtocolErrors.WriteAsync(context, ProtocolErrors.StatusFor(exception), exception.Message).ConfigureAwait(false);
        }
    }

    private static Task Flag(HttpContext context, string name, bool value) =>
        ProtocolErrors.WriteJsonAsync(context, value ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, buffer =>
        {
            using var json = new Utf8JsonWriter(buffer);
            json.WriteStartObject();
            json.WriteBoolean(name, value);
            json.WriteEndObject();
        });

    private static Task Metadata(HttpContext context, ModelRepository repository)
    {
        var model = repository.GetModel((string)context.Request.RouteValues["model"]!);
        var served = Served(context, model);
        var versions = model.Versions.Select(v => v.Version.ToString(CultureInfo.InvariantCulture)).ToList();
        return ProtocolErrors.WriteJsonAsync(context, 200, b => ModelMetadataWriter.Write(b, model.Name, versions, served.Signature));
    }

    private static Task ModelReady(HttpContext context, ModelRepository repository)
    {
        var model = repository.GetModel((string)context.Request.RouteValues["model"]!);
        var version = Routes.Version(context);
        var ready = version is { } number ? model.FindVersion(number) is not null : model.IsReady;
        return ProtocolErrors.WriteJsonAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, buffer =>
        {
            using var json = new Utf8JsonWriter(buffer);
            json.WriteStartObject();
            json.WriteString("name", model.Name);
            if (version is { } v)
            {
                json.WriteString("version", v.ToString(CultureInfo.InvariantCulture));
            }

            json.WriteBoolean("ready", ready);
            json.WriteEndObject();
        });
    }

    private static Task ModelStatistics(HttpContext context, ModelRepository repository)
    {
        var model = repository.GetModel((string)context.Request.RouteValues["model"]!);
        IEnumerable<ServedModelVersion> versions = Routes.Version(context) is { } _ ? [Served(context, model)] : model.Versions;
        return Statistics(context, versions);
    }

    private static Task Statistics(HttpContext context, IEnumerable<ServedModelVersion> versions) =>
        ProtocolErrors.WriteJsonAsync(context, 200, b => StatisticsWriter.Write(b, versions));

    private static ServedModelVersion Served(HttpContext context, ServedModel model)
    {
        if (Routes.Version(context) is { } number)
        {
            return model.FindVersion(number)
                ?? throw new NotFoundException($"Model '{model.Name}' has no loaded version {number}; loaded: {(model.Versions.Count == 0 ? "none" : string.Join(", ", model.Versions.Select(v => v.Version)))}.");
        }

        return model.Latest ?? throw new ModelNotReadyException($"Model '{model.Name}' has no ready version.");
    }
}
