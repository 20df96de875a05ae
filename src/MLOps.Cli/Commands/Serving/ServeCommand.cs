using System.CommandLine;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using MLOps.Cli.Hosting;
using MLOps.Serving;
using MLOps.Serving.Cuda;

namespace MLOps.Cli.Commands.Serving;

/// <summary>
/// <c>mlops serve --model NAME=PATH.onnx … [--repository DIR] --urls URL</c>: serves ONNX models over the
/// Open Inference Protocol (KServe v2 REST) on Kestrel, behind the dynamic batcher, with Prometheus
/// metrics at <c>/metrics</c> and a health check at <c>/healthz</c>, until Ctrl+C, SIGTERM or cancellation.
/// </summary>
public static class ServeCommand
{
    /// <summary>The address served when <c>--urls</c> is not given (Triton's HTTP port).</summary>
    internal const string DefaultUrls = "http://127.0.0.1:8000";

    /// <summary>Creates the command.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var models = new Option<string[]>("--model", "-m")
        {
            Description = "NAME=PATH.onnx: a model to serve as version 1 of NAME; repeat per model.",
            AllowMultipleArgumentsPerToken = false,
        };
        var repository = new Option<string[]>("--repository", "-r")
        {
            Description = "A model repository folder (<repo>/<model>/<version>/model.onnx, optional <repo>/<model>/config.json); repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var urls = new Option<string>("--urls", "-u")
        {
            Description = $"Where to listen: one URL or several separated by ';' (default {DefaultUrls}; port 0 picks a free port).",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var maxBodyMb = new Option<int?>("--max-body-mb")
        {
            Description = "The largest request body an infer call accepts, in MiB (default 64); larger ones get 413.",
        };
        var cuda = new Option<bool>("--cuda")
        {
            Description = "Run the models on a CUDA GPU (driver API, NVRTC, cuBLAS); fails at start, listing every path searched, when CUDA is not available.",
        };
        var device = new Option<int?>("--device")
        {
            Description = "The CUDA device ordinal for --cuda (default 0).",
        };
        var batching = new BatchingArguments();
        var command = new Command("serve", "Serve ONNX models over the Open Inference Protocol (KServe v2 REST) with dynamic batching, /metrics and /healthz.")
        {
            models,
            repository,
            urls,
            maxBodyMb,
            cuda,
            device,
        };
        batching.AddTo(command);
        actions.Set(command, async (context, cancellationToken) =>
        {
            var declared = ParseModels(context.Get(models) ?? []);
            var folders = (context.Get(repository) ?? []).Select(CheckFolder).ToList();
            if (declared.Count == 0 && folders.Count == 0)
            {
                throw new ValidationException("Give at least one --model NAME=PATH.onnx or --repository DIR.");
            }

            var addresses = ParseUrls(context.Get(urls) ?? DefaultUrls);
            var bodyLimit = context.Get(maxBodyMb) is { } megabytes
                ? megabytes is >= 1 and <= 16_384 ? megabytes * 1024L * 1024 : throw new ValidationException($"--max-body-mb is {megabytes}; it must be between 1 and 16384.")
                : (long?)null;
            var defaults = new ModelConfig();
            batching.ApplyTo(context, defaults);
            ApplyCuda(context.Get(cuda), context.Get(device), defaults);
            var verbose = context.ParseResult.GetValue(actions.Globals.Verbose);

            await using var app = Build(addresses, declared, folders, defaults, bodyLimit, verbose);
            await app.StartAsync(cancellationToken);
            var ready = Describe(app);
            context.Write(ready, o =>
            {
                foreach (var model in ready.Models)
                {
                    o.WriteLine($"serving {model.Name} version {model.Version.ToString(CultureInfo.InvariantCulture)} from {model.Source}");
                }

                foreach (var url in ready.Urls)
                {
                    o.WriteLine($"listening on {url}");
                }
            });
            await context.Output.FlushAsync(CancellationToken.None);

            // Returns on Ctrl+C or SIGTERM (the host's console lifetime) or when the command is cancelled, after a graceful stop.
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>Switches the served models to the CUDA executor, after checking that CUDA can be used here.</summary>
    /// <exception cref="ValidationException">--device without --cuda, or a negative device.</exception>
    /// <exception cref="CudaUnavailableException">CUDA is not available; the message lists every path searched.</exception>
    internal static void ApplyCuda(bool cuda, int? device, ModelConfig defaults)
    {
        if (!cuda)
        {
            if (device is not null)
            {
                throw new ValidationException("--device selects a CUDA device; it needs --cuda.");
            }

            return;
        }

        if (device is < 0)
        {
            throw new ValidationException($"--device is {device}; it must be 0 or more.");
        }

        var (available, report) = CudaExecutor.Probe();
        if (!available)
        {
            throw new CudaUnavailableException(report);
        }

        defaults.UseCuda(device ?? 0);
    }

    private static WebApplication Build(IReadOnlyList<string> urls, IReadOnlyList<ModelArgument> models, IReadOnlyList<string> folders, ModelConfig defaults, long? bodyLimit, bool verbose)
    {
        // The content root is the tool's folder, so an appsettings.json where the command runs adds no endpoints or settings.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddMLOps().AddServing(s =>
        {
            s.DefaultConfig = defaults;
            s.RegistryPollInterval = null;
            foreach (var model in models)
            {
                s.AddModel(model.Name, model.Path);
            }

            foreach (var folder in folders)
            {
                s.AddRepository(folder);
            }
        });
        builder.Services.AddHealthChecks().AddModelRepository();
        var app = builder.Build();
        app.MapOpenInferenceProtocol(o =>
        {
            if (bodyLimit is { } limit)
            {
                o.MaxRequestBodySize = limit;
            }
        });
        app.MapPrometheusMetrics("/metrics");
        app.MapHealthChecks("/healthz");
        return app;
    }

    private static ServeReady Describe(WebApplication app)
    {
        var served = app.Services.GetRequiredService<ModelRepository>().Models
            .SelectMany(m => m.Versions)
            .Select(v => new ServedModelView(v.ModelName, v.Version, v.Source))
            .ToList();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        return new ServeReady(addresses is { Count: > 0 } ? [.. addresses] : [.. app.Urls], served);
    }

    /// <summary>Parses <c>NAME=PATH.onnx</c> values; the files must exist and the names be distinct.</summary>
    internal static List<ModelArgument> ParseModels(IReadOnlyList<string> values)
    {
        var models = new List<ModelArgument>();
        foreach (var value in values)
        {
            var separator = value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0 || separator == value.Length - 1)
            {
                throw new ValidationException($"--model '{value}' must be NAME=PATH.onnx, such as mlp=models/mlp.onnx.");
            }

            var name = value[..separator];
            var path = Path.GetFullPath(value[(separator + 1)..]);
            if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                throw new ValidationException($"--model '{value}': the name '{name}' may hold only letters, digits, '.', '_' and '-'.");
            }

            if (!File.Exists(path))
            {
                throw new ValidationException($"--model '{value}': the file {path} does not exist.");
            }

            if (models.Exists(m => string.Equals(m.Name, name, StringComparison.Ordinal)))
            {
                throw new ValidationException($"--model: the name '{name}' is given twice.");
            }

            models.Add(new ModelArgument(name, path));
        }

        return models;
    }

    private static string CheckFolder(string value)
    {
        var path = Path.GetFullPath(value);
        return Directory.Exists(path) ? path : throw new ValidationException($"--repository: the folder {path} does not exist.");
    }

    private static List<string> ParseUrls(string value)
    {
        var urls = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (urls.Count == 0)
        {
            throw new ValidationException("--urls is empty; give a URL such as http://127.0.0.1:8000.");
        }

        foreach (var url in urls)
        {
            // Kestrel also takes http://*:PORT and http://+:PORT, which are not valid URIs.
            var probe = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || (!string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) && !string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal)))
            {
                throw new ValidationException($"--urls: '{url}' is not an http:// or https:// URL such as http://127.0.0.1:8000.");
            }
        }

        return urls;
    }

    /// <summary>A <c>--model NAME=PATH</c> value.</summary>
    /// <param name="Name">The model's name.</param>
    /// <param name="Path">The full path of its file.</param>
    internal sealed record ModelArgument(string Name, string Path);

    /// <summary>What <c>mlops serve</c> prints once it is ready.</summary>
    /// <param name="Urls">The addresses it listens on.</param>
    /// <param name="Models">The model versions it serves.</param>
    private sealed record ServeReady(IReadOnlyList<string> Urls, IReadOnlyList<ServedModelView> Models);

    /// <summary>One served model version.</summary>
    /// <param name="Name">The model's name.</param>
    /// <param name="Version">The version number.</param>
    /// <param name="Source">Where it was loaded from.</param>
    private sealed record ServedModelView(string Name, int Version, string Source);
}
