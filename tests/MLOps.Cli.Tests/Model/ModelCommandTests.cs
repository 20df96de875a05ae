using MLOps.Serving.Onnx;
using MLOps.Testing;
using MLOps.Tensors;

namespace MLOps.Cli.Tests.Model;

public sealed class ModelCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-cli-model");

    public ModelCommandTests()
    {
        new OnnxModelBuilder()
            .SetProducer("tests", "1.0")
            .AddInput("x", TensorElementType.Float32, "N", 3)
            .AddInitializer("w", Tensor.Create(new[] { 1f, 0, 0, 1, 1, 1 }, 3, 2))
            .AddInitializer("b", Tensor.Create(new[] { 0.5f, -0.5f }, 2))
            .AddNode("Gemm", ["x", "w", "b"], ["h"])
            .AddNode("Relu", ["h"], ["y"])
            .AddNode("ArgMax", ["y"], ["label"], a => a.Set("axis", 1L).Set("keepdims", 0L))
            .AddOutput("y", TensorElementType.Float32, "N", 2)
            .AddOutput("label", TensorElementType.Int64, "N")
            .Save(ModelPath);
    }

    private string ModelPath => _folder.Combine("model.onnx");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Inspect_reports_signature_opsets_histogram_and_parameters_as_json()
    {
        var result = await CliRunner.RunAsync("model", "inspect", ModelPath, "--json");
        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        Assert.Equal("tests 1.0", json.GetProperty("producer").GetString());
        Assert.Equal(17, json.GetProperty("opsets").GetProperty("ai.onnx").GetInt64());
        var input = json.GetProperty("inputs")[0];
        Assert.Equal("x", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("type").GetString());
        Assert.Equal(["N", "3"], input.GetProperty("shape").EnumerateArray().Select(d => d.GetString()!).ToArray());
        Assert.Equal(1, json.GetProperty("operators").GetProperty("Gemm").GetInt32());
        Assert.Equal(8, json.GetProperty("parameter_count").GetInt64());
        Assert.Equal(3, json.GetProperty("nodes").GetInt32());
        Assert.Equal(2, json.GetProperty("optimized_nodes").GetInt32());
    }

    [Fact]
    public async Task Inspect_prints_a_readable_summary()
    {
        var result = await CliRunner.RunAsync("model", "inspect", ModelPath);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("8 parameters", result.Output, StringComparison.Ordinal);
        Assert.Contains("Gemm", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_reads_tensorproto_inputs_and_writes_one_tensorproto_per_output()
    {
        var input = _folder.Combine("x.pb");
        File.WriteAllBytes(input, TensorProtoSerializer.Serialize(Tensor.Create(new[] { 1f, 2, 3, -4, 0, 0 }, 2, 3), "x"));
        var outputs = _folder.Combine("out");
        var result = await CliRunner.RunAsync("model", "run", ModelPath, "--input", $"x={input}", "--output-dir", outputs, "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.Json.GetProperty("outputs").GetArrayLength());
        var y = (Tensor<float>)TensorProtoSerializer.Deserialize(File.ReadAllBytes(Path.Combine(outputs, "y.pb")), out var name);
        Assert.Equal("y", name);
        Assert.Equal(new[] { 4.5f, 4.5f, 0, 0 }, y.ToArray());
        var label = (Tensor<long>)TensorProtoSerializer.Deserialize(File.ReadAllBytes(Path.Combine(outputs, "label.pb")), out _);
        Assert.Equal(new long[] { 0, 0 }, label.ToArray());
    }

    [Fact]
    public async Task Run_without_a_required_input_fails_with_one_line_naming_it()
    {
        var result = await CliRunner.RunAsync("model", "run", ModelPath, "--output-dir", _folder.Combine("out"));
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Input 'x' is missing", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspecting_a_garbage_file_fails_cleanly()
    {
        var garbage = _folder.Combine("garbage.onnx");
        File.WriteAllBytes(garbage, [0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]);
        var result = await CliRunner.RunAsync("model", "inspect", garbage);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("mlops: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_reports_throughput_latency_and_allocations_as_json()
    {
        var result = await CliRunner.RunAsync("model", "bench", ModelPath, "--batch", "4", "--threads", "1", "--seconds", "0.2", "--json");
        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        Assert.Equal(4, json.GetProperty("batch").GetInt32());
        Assert.Equal(1, json.GetProperty("threads").GetInt32());
        Assert.True(json.GetProperty("calls").GetInt32() > 0);
        Assert.True(json.GetProperty("rows_per_second").GetDouble() > 0);
        Assert.True(json.GetProperty("calls_per_second").GetDouble() > 0);
        Assert.True(json.GetProperty("p99_us").GetDouble() >= json.GetProperty("p50_us").GetDouble());
        Assert.Equal(0, json.GetProperty("allocated_bytes_per_call").GetDouble());
    }
}
