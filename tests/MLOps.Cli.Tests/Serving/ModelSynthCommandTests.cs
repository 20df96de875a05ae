using MLOps.Serving;
using MLOps.Serving.Onnx;
using MLOps.Testing;
using MLOps.Tensors;

namespace MLOps.Cli.Tests.Serving;

public sealed class ModelSynthCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-cli-synth");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Synth_writes_the_seeded_mlp_as_a_loadable_model()
    {
        var path = _folder.Combine("models", "mlp.onnx");
        var result = await CliRunner.RunAsync("model", "synth", "--mlp", "16,32,4", "--out", path, "--seed", "7", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(path, result.Json.GetProperty("path").GetString());
        Assert.Equal(16 * 32 + 32 + (32 * 4) + 4, result.Json.GetProperty("parameters").GetInt64());
        Assert.Equal(SyntheticModels.Mlp([16, 32, 4], seed: 7), File.ReadAllBytes(path));

        using var model = OnnxModel.Load(path, new InferenceOptions { ThreadCount = 1 });
        Assert.Equal("input", model.Signature.Inputs[0].Name);
        var outputs = model.Run(new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["input"] = Tensor.Zeros<float>(2, 16) });
        var probabilities = (Tensor<float>)outputs["output"];
        Assert.Equal([2, 4], probabilities.Shape.ToArray());
        Assert.Equal(1f, probabilities.Span[..4].ToArray().Sum(), 4);
    }

    [Theory]
    [InlineData("16", "at least two widths")]
    [InlineData("16,x,4", "'x' is not one")]
    [InlineData("16,0,4", "'0' is not one")]
    public async Task Bad_layer_lists_exit_1(string mlp, string message)
    {
        var result = await CliRunner.RunAsync("model", "synth", "--mlp", mlp, "--out", _folder.Combine("x.onnx"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}
