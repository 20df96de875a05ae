using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using MLOps.Serving.Onnx;
using MLOps.Testing;

namespace MLOps.Cli.Tests.Serving;

public sealed class ServeCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-cli-serve");

    public ServeCommandTests()
    {
        File.WriteAllBytes(ModelPath, SyntheticModels.Mlp([16, 32, 4]));
    }

    private string ModelPath => _folder.Combine("mlp.onnx");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Serve_answers_infer_metrics_and_health_then_exits_cleanly_when_cancelled()
    {
        var repository = _folder.Combine("repo");
        Directory.CreateDirectory(Path.Combine(repository, "small", "2"));
        File.WriteAllBytes(Path.Combine(repository, "small", "2", "model.onnx"), SyntheticModels.Mlp([8, 3]));
        var host = await ServingHost.StartAsync("--model", $"mlp={ModelPath}", "--repository", repository, "--max-batch-size", "16", "--max-queue-delay-us", "100", "--json");
        await using (host)
        {
            var rows = Enumerable.Range(0, 3 * 16).Select(i => (float)Math.Sin(i)).ToArray();
            var body = JsonSerializer.Serialize(new { inputs = new[] { new { name = "input", shape = new[] { 3, 16 }, datatype = "FP32", data = rows } } });
            using var response = await host.Http.PostAsync("/v2/models/mlp/infer", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            var output = JsonDocument.Parse(text).RootElement.GetProperty("outputs")[0];
            Assert.Equal("output", output.GetProperty("name").GetString());
            Assert.Equal([3, 4], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray());
            var data = output.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            for (var row = 0; row < 3; row++)
            {
                Assert.Equal(1.0, data.Skip(row * 4).Take(4).Sum(), 4);
            }

            // The repository folder's model is served under its folder's name and version.
            using var small = await host.Http.GetAsync("/v2/models/small/versions/2/ready");
            Assert.Equal(HttpStatusCode.OK, small.StatusCode);

            var metrics = await host.Http.GetStringAsync("/metrics");
            Assert.Contains("mlops_inference_request_success", metrics, StringComparison.Ordinal);
            using var health = await host.Http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

            Assert.Equal(0, await host.StopAsync());
            var ready = JsonDocument.Parse(host.Output).RootElement;
            Assert.Equal(host.BaseUrl, Assert.Single(ready.GetProperty("urls").EnumerateArray()).GetString());
            var models = ready.GetProperty("models").EnumerateArray().ToList();
            Assert.Equal(["mlp/1", "small/2"], models.Select(m => $"{m.GetProperty("name").GetString()}/{m.GetProperty("version").GetInt32()}").Order(StringComparer.Ordinal).ToArray());
            Assert.Equal(ModelPath, models.Single(m => m.GetProperty("name").GetString() == "mlp").GetProperty("source").GetString());
            Assert.Equal(string.Empty, host.Error);
        }
    }

    [Theory]
    [InlineData("nonsense", "must be NAME=PATH.onnx")]
    [InlineData("=x.onnx", "must be NAME=PATH.onnx")]
    [InlineData("bad name=x.onnx", "may hold only letters")]
    [InlineData("mlp=missing.onnx", "does not exist")]
    public async Task Bad_model_arguments_fail_with_one_line_naming_the_problem(string model, string message)
    {
        var result = await CliRunner.RunAsync("serve", "--model", model, "--urls", "http://127.0.0.1:1");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mlops: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_cuda_fails_at_start_listing_what_was_searched_when_CUDA_is_missing()
    {
        if (MLOps.Serving.Cuda.CudaExecutor.IsAvailable)
        {
            return;
        }

        var result = await CliRunner.RunAsync("serve", "--model", $"mlp={ModelPath}", "--cuda", "--device", "0", "--urls", "http://127.0.0.1:1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("CUDA not available", result.Error, StringComparison.Ordinal);
        Assert.Contains("libcuda.so.1", result.Error, StringComparison.Ordinal);
        Assert.Contains("/usr/local/cuda/lib64", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_without_cuda_is_refused()
    {
        var result = await CliRunner.RunAsync("serve", "--model", $"mlp={ModelPath}", "--device", "1", "--urls", "http://127.0.0.1:1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--device selects a CUDA device; it needs --cuda.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_needs_a_model_or_a_repository()
    {
        var result = await CliRunner.RunAsync("serve");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--model NAME=PATH.onnx or --repository DIR", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_batching_options_are_named_by_their_command_line_option()
    {
        var result = await CliRunner.RunAsync("serve", "--model", $"mlp={ModelPath}", "--max-batch-size", "8", "--preferred-batch-size", "4", "16");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--preferred-batch-size has 16", result.Error, StringComparison.Ordinal);
        Assert.Contains("--max-batch-size (8)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mlops_process_serves_until_sigterm_and_exits_zero()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var port = ServingHost.FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "mlops.dll"), "serve", "--model", $"mlp={ModelPath}", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            // The ready lines come once the model is loaded and Kestrel listens.
            var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal($"serving mlp version 1 from {ModelPath}", first);
            Assert.Equal($"listening on http://127.0.0.1:{port}", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
            using var http = new HttpClient();
            using var ready = await http.GetAsync($"http://127.0.0.1:{port}/v2/models/mlp/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await error}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
