using System.Text.Json;
using MLOps.Serving.Onnx;
using MLOps.Testing;

namespace MLOps.Cli.Tests.Serving;

/// <summary>One <c>mlops serve</c> for the HTTP load tests of this class.</summary>
public sealed class ServedMlpFixture : IAsyncLifetime
{
    private readonly TempDirectory _folder = new("mlops-cli-loadtest");

    internal ServingHost Host { get; private set; } = null!;

    public string ModelPath => _folder.Combine("mlp.onnx");

    public async Task InitializeAsync()
    {
        File.WriteAllBytes(ModelPath, SyntheticModels.Mlp([16, 32, 4]));
        Host = await ServingHost.StartAsync("--model", $"mlp={ModelPath}", "--max-batch-size", "32");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _folder.Dispose();
    }
}

public sealed class LoadTestCommandTests(ServedMlpFixture served) : IClassFixture<ServedMlpFixture>
{
    [Fact]
    public async Task In_process_load_test_reports_throughput_latency_and_mean_batch_size()
    {
        var result = await CliRunner.RunAsync("loadtest", "--model", served.ModelPath, "--concurrency", "8", "--duration", "1", "--warmup", "0.2", "--max-queue-delay-us", "200", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        var json = result.Json;
        Assert.Equal("in_process", json.GetProperty("mode").GetString());
        Assert.Equal("mlp", json.GetProperty("model").GetString());
        Assert.Equal(8, json.GetProperty("concurrency").GetInt32());
        Assert.Equal(1, json.GetProperty("rows_per_request").GetInt32());
        AssertMeasured(json);
        var batching = json.GetProperty("batching");
        Assert.True(batching.GetProperty("enabled").GetBoolean());
        Assert.Equal(64, batching.GetProperty("max_batch_size").GetInt32());
        Assert.Equal(200, batching.GetProperty("max_queue_delay_us").GetInt64());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Http_load_test_against_mlops_serve_reports_requests_and_the_servers_batch_size(bool binary, bool rawClient)
    {
        string[] args = ["loadtest", "--url", served.Host.BaseUrl, "--model-name", "mlp", "--concurrency", "4", "--rows", "2", "--duration", "1", "--warmup", "0.2", "--json"];
        args = binary ? [.. args, "--binary"] : args;
        var result = await CliRunner.RunAsync(rawClient ? [.. args, "--raw-client"] : args);
        Assert.True(result.ExitCode == 0, result.Error);
        var json = result.Json;
        Assert.Equal("http", json.GetProperty("mode").GetString());
        Assert.Equal(binary ? "binary" : "json", json.GetProperty("protocol").GetString());
        Assert.Equal(2, json.GetProperty("rows_per_request").GetInt32());
        AssertMeasured(json);
        Assert.True(json.GetProperty("mean_batch_size").GetDouble() >= 2);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("batching").ValueKind);
    }

    [Fact]
    public async Task Requests_the_server_refuses_are_counted_and_sampled_not_fatal()
    {
        // The server's maximum batch size is 32: every 40-row request is refused with 400.
        var result = await CliRunner.RunAsync("loadtest", "--url", served.Host.BaseUrl, "--model-name", "mlp", "--rows", "40", "--duration", "0.3", "--warmup", "0", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        var json = result.Json;
        Assert.Equal(0, json.GetProperty("requests").GetInt64());
        Assert.True(json.GetProperty("errors").GetInt64() > 0);
        var sample = Assert.Single(json.GetProperty("error_samples").EnumerateArray()).GetString();
        Assert.Contains("400", sample, StringComparison.Ordinal);
        Assert.Contains("maximum batch size is 32", sample, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Human_output_is_a_table()
    {
        var result = await CliRunner.RunAsync("loadtest", "--model", served.ModelPath, "--duration", "0.2", "--warmup", "0", "--no-batching", "--threads", "1");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("inferences/s", result.Output, StringComparison.Ordinal);
        Assert.Contains("latency p99", result.Output, StringComparison.Ordinal);
        Assert.Contains("batching: off", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("loadtest", "Give --url URL --model-name NAME")]
    [InlineData("loadtest --model missing.onnx", "does not exist")]
    [InlineData("loadtest --url http://127.0.0.1:1", "--url needs --model-name")]
    [InlineData("loadtest --url not-a-url --model-name m", "is not an http:// or https:// URL")]
    [InlineData("loadtest --url http://127.0.0.1:1 --model-name m --instances 2", "--instances applies to in-process runs")]
    [InlineData("loadtest --url http://127.0.0.1:1 --model-name m --duration 0.1", "Cannot reach http://127.0.0.1:1/v2/models/m")]
    [InlineData("loadtest --model MODEL --concurrency 0", "--concurrency is 0")]
    [InlineData("loadtest --model MODEL --rows 65", "--rows 65 is more than --max-batch-size 64")]
    [InlineData("loadtest --model MODEL --binary", "--binary and --raw-client go with --url")]
    [InlineData("loadtest --model MODEL --raw-client", "--binary and --raw-client go with --url")]
    public async Task Bad_arguments_exit_1_with_a_message_naming_the_problem(string line, string message)
    {
        var args = line.Split(' ').Select(a => a == "MODEL" ? served.ModelPath : a).ToArray();
        var result = await CliRunner.RunAsync(args);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("mlops: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    private static void AssertMeasured(JsonElement json)
    {
        Assert.True(json.GetProperty("errors").GetInt64() == 0, json.GetProperty("error_samples").ToString());
        Assert.True(json.GetProperty("requests").GetInt64() > 0);
        Assert.True(json.GetProperty("requests_per_s").GetDouble() > 0);
        Assert.Equal(
            json.GetProperty("requests_per_s").GetDouble() * json.GetProperty("rows_per_request").GetInt32(),
            json.GetProperty("inferences_per_s").GetDouble(),
            tolerance: 1.0);
        Assert.True(json.GetProperty("duration_s").GetDouble() >= 0.99);
        Assert.True(json.GetProperty("p50_us").GetDouble() > 0);
        Assert.True(json.GetProperty("p90_us").GetDouble() >= json.GetProperty("p50_us").GetDouble());
        Assert.True(json.GetProperty("p99_us").GetDouble() >= json.GetProperty("p90_us").GetDouble());
        Assert.True(json.GetProperty("mean_us").GetDouble() > 0);
        Assert.True(json.GetProperty("mean_batch_size").GetDouble() >= 1);
    }
}
