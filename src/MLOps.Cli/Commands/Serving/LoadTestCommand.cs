using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.Serving;

namespace MLOps.Cli.Commands.Serving;

/// <summary>
/// <c>mlops loadtest (--url URL --model-name NAME | --model PATH.onnx) --concurrency C --duration S</c>:
/// C closed-loop callers send requests of generated inputs for S seconds after a warm-up, to a server
/// over HTTP (KServe v2 JSON or binary tensors) or to the model loaded in this process behind the
/// dynamic batcher, and report throughput, latency percentiles, errors and the mean batch size, as
/// Triton's perf_analyzer does.
/// </summary>
public static class LoadTestCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var url = new Option<string?>("--url") { Description = "A KServe v2 server's base URL, such as http://127.0.0.1:8000 (with --model-name)." };
        var modelName = new Option<string?>("--model-name", "-n") { Description = "The served model to call (with --url)." };
        var model = new Option<FileInfo?>("--model", "-m") { Description = "An .onnx file to load in this process and call without HTTP, behind the dynamic batcher." };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Closed-loop callers (each sends its next request when the last answers).", DefaultValueFactory = _ => 1 };
        var duration = new Option<double>("--duration", "-d") { Description = "Seconds to measure.", DefaultValueFactory = _ => 5 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds to run before measuring.", DefaultValueFactory = _ => 1 };
        var rows = new Option<int>("--rows") { Description = "Rows per request (the first varying dimension; others are 1).", DefaultValueFactory = _ => 1 };
        var swaps = new Option<int>("--swaps") { Description = "In process: load the model again this many times during the measured window (each load a new version swapped in with zero downtime), to check that no request fails.", DefaultValueFactory = _ => 0 };
        var rawClient = new Option<bool>("--raw-client") { Description = "With --url: drive the server from lean keep-alive HTTP/1.1 sockets (like wrk) instead of HttpClient, so that on a shared machine the server's cost dominates." };
        var binary = new Option<bool>("--binary") { Description = "Send and receive tensors with the binary tensor extension instead of JSON (with --url)." };
        var batching = new BatchingArguments();
        var command = new Command("loadtest", "Load-test a model like perf_analyzer: throughput, p50/p90/p99 latency, errors and mean batch size; JSON with --json.")
        {
            url,
            modelName,
            model,
            concurrency,
            duration,
            warmup,
            rows,
            binary,
            swaps,
            rawClient,
        };
        batching.AddTo(command);
        actions.Set(command, async (context, cancellationToken) =>
        {
            var callers = context.Get(concurrency);
            var seconds = context.Get(duration);
            var warm = context.Get(warmup);
            var rowCount = context.Get(rows);
            if (callers is < 1 or > 4096)
            {
                throw new ValidationException($"--concurrency is {callers}; it must be between 1 and 4096.");
            }

            if (seconds is <= 0 or > 3600 || double.IsNaN(seconds))
            {
                throw new ValidationException($"--duration is {seconds.ToString(CultureInfo.InvariantCulture)}; it must be in (0, 3600] seconds.");
            }

            if (warm is < 0 or > 600 || double.IsNaN(warm))
            {
                throw new ValidationException($"--warmup is {warm.ToString(CultureInfo.InvariantCulture)}; it must be in [0, 600] seconds.");
            }

            if (rowCount is < 1 or > 1_000_000)
            {
                throw new ValidationException($"--rows is {rowCount}; it must be between 1 and 1000000.");
            }

            var server = context.Get(url);
            var file = context.Get(model);
            var swapCount = context.Get(swaps);
            if (swapCount is < 0 or > 10_000)
            {
                throw new ValidationException($"--swaps is {swapCount}; it must be between 0 and 10000.");
            }

            LoadTestResult Report(LoadMeasurement m, string mode, string protocol, string name, string source, BatchingView? view, int swapped = 0) => new(
                mode,
                protocol,
                name,
                source,
                callers,
                rowCount,
                warm,
                Math.Round(m.Seconds, 3),
                m.Requests,
                m.Seconds > 0 ? Math.Round(m.Requests * (double)rowCount / m.Seconds, 1) : 0,
                m.Seconds > 0 ? Math.Round(m.Requests / m.Seconds, 1) : 0,
                m.P50Us,
                m.P90Us,
                m.P99Us,
                m.MeanUs,
                m.MaxUs,
                m.Errors,
                m.ErrorSamples,
                m.MeanBatchSize,
                view,
                swapped);
            LoadTestResult result;
            if (server is not null)
            {
                if (file is not null)
                {
                    throw new ValidationException("Give either --url with --model-name (a running server) or --model PATH.onnx (in process), not both.");
                }

                var name = context.Get(modelName);
                if (string.IsNullOrWhiteSpace(name))
                {
                    throw new ValidationException("--url needs --model-name, the served model to call.");
                }

                if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (!string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) && !string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal)))
                {
                    throw new ValidationException($"--url '{server}' is not an http:// or https:// URL such as http://127.0.0.1:8000.");
                }

                if (swapCount > 0)
                {
                    throw new ValidationException("--swaps applies to in-process runs (--model PATH.onnx).");
                }

                if (batching.FirstGiven(context) is { } given)
                {
                    throw new ValidationException($"{given} applies to in-process runs (--model PATH.onnx); with --url the server's own settings apply (set them on 'mlops serve').");
                }

                var remote = await HttpTarget.CreateAsync(uri, name, rowCount, callers, context.Get(binary), cancellationToken);
                remote = remote.WithRawClient(context.Get(rawClient));
                await using (remote)
                {
                    var measured = await LoadDriver.RunAsync(remote, callers, TimeSpan.FromSeconds(warm), TimeSpan.FromSeconds(seconds), cancellationToken);
                    result = Report(measured, "http", context.Get(binary) ? "binary" : "json", name, uri.AbsoluteUri, null);
                }
            }
            else if (file is not null)
            {
                if (context.Get(modelName) is not null)
                {
                    throw new ValidationException("--model-name goes with --url; with --model PATH.onnx the model is named after its file.");
                }

                if (context.Get(binary) || context.Get(rawClient))
                {
                    throw new ValidationException("--binary and --raw-client go with --url; in-process runs pass tensors without serializing them.");
                }

                if (!file.Exists)
                {
                    throw new ValidationException($"--model: the file {file.FullName} does not exist.");
                }

                var config = new ModelConfig();
                batching.ApplyTo(context, config);
                if (config.Batching.Enabled && rowCount > config.Batching.MaxBatchSize)
                {
                    throw new ValidationException($"--rows {rowCount} is more than --max-batch-size {config.Batching.MaxBatchSize}; raise --max-batch-size or pass --no-batching.");
                }

                var local = await InProcessTarget.CreateAsync(file.FullName, config, rowCount, cancellationToken);
                await using (local)
                {
                    using var stopSwapping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var swapping = local.SwapRepeatedlyAsync(swapCount, TimeSpan.FromSeconds(warm), TimeSpan.FromSeconds(seconds), stopSwapping.Token);
                    var measured = await LoadDriver.RunAsync(local, callers, TimeSpan.FromSeconds(warm), TimeSpan.FromSeconds(seconds), cancellationToken);
                    await stopSwapping.CancelAsync();
                    var swapped = await swapping;
                    result = Report(measured, "in_process", "direct", local.Model, local.Source, BatchingArguments.View(config), swapped);
                }
            }
            else
            {
                throw new ValidationException("Give --url URL --model-name NAME (a running server) or --model PATH.onnx (in process).");
            }

            context.Write(result, o => Print(o, result));
            return 0;
        });
        return command;
    }

    private static void Print(TextWriter output, LoadTestResult result)
    {
        var mode = string.Equals(result.Mode, "http", StringComparison.Ordinal) ? $"HTTP {result.Protocol} to {result.Source}" : $"in process from {result.Source}";
        output.WriteLine($"{result.Model} ({mode}): {result.Concurrency} caller(s), {result.RowsPerRequest} row(s) per request, {result.DurationS:F2} s measured after {result.WarmupS:F2} s warm-up");
        output.WriteLine();
        static string N(double value) => value.ToString("N1", CultureInfo.InvariantCulture);
        TableWriter.Write(output, ["metric", "value"],
        [
            ["requests", result.Requests.ToString("N0", CultureInfo.InvariantCulture)],
            ["requests/s", N(result.RequestsPerS)],
            ["inferences/s", N(result.InferencesPerS)],
            ["latency p50", N(result.P50Us) + " µs"],
            ["latency p90", N(result.P90Us) + " µs"],
            ["latency p99", N(result.P99Us) + " µs"],
            ["latency mean", N(result.MeanUs) + " µs"],
            ["latency max", N(result.MaxUs) + " µs"],
            ["mean batch size", result.MeanBatchSize is { } size ? size.ToString("F2", CultureInfo.InvariantCulture) : "unknown"],
            ["errors", result.Errors.ToString("N0", CultureInfo.InvariantCulture)],
            ["version swaps", result.Swaps.ToString("N0", CultureInfo.InvariantCulture)],
        ]);
        if (result.Batching is { } b)
        {
            output.WriteLine();
            output.WriteLine(b.Enabled
                ? $"batching: max batch {b.MaxBatchSize}, max queue delay {b.MaxQueueDelayUs} µs, {b.Instances} instance(s), queue {b.MaxQueueSize}"
                    + (b.PreferredBatchSizes.Count > 0 ? $", preferred [{string.Join(", ", b.PreferredBatchSizes)}]" : string.Empty)
                    + (b.Adaptive ? ", adaptive" : string.Empty)
                    + (b.Threads is { } t ? $", {t} thread(s)" : string.Empty)
                : $"batching: off, {b.Instances} instance(s)" + (b.Threads is { } threads ? $", {threads} thread(s)" : string.Empty));
        }

        foreach (var sample in result.ErrorSamples)
        {
            output.WriteLine($"error: {sample}");
        }
    }
}
