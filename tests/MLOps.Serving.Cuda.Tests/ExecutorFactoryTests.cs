using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Cuda.Tests;

/// <summary>The repository honours <see cref="ModelConfig.ExecutorFactory"/> (the seam UseCuda plugs into) for files and repository folders.</summary>
public sealed class ExecutorFactoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mlops-cuda-factory-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_model_file_is_loaded_through_the_configured_factory()
    {
        var path = Path.Combine(_root, "mlp.onnx");
        await File.WriteAllBytesAsync(path, SyntheticModels.Mlp([4, 3]));
        var calls = 0;
        var config = new ModelConfig
        {
            ExecutorFactory = (bytes, inference) =>
            {
                calls++;
                Assert.Equal(_root, inference.ExternalDataDirectory);
                return OnnxModel.Load(bytes, inference);
            },
        };
        await using var repository = new ModelRepository();

        await repository.LoadAsync("mlp", path, config);
        var response = await repository.InferAsync("mlp", new InferenceRequest(Tensor.Create(new float[8], 2, 4)));

        Assert.Equal(1, calls);
        Assert.Equal([2, 3], response["output"].Shape.Dimensions.ToArray());
    }

    [Fact]
    public async Task A_repository_folder_with_a_config_file_keeps_the_default_factory()
    {
        var version = Directory.CreateDirectory(Path.Combine(_root, "repo", "small", "1")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(version, "model.onnx"), SyntheticModels.Mlp([4, 3]));
        await File.WriteAllTextAsync(Path.Combine(_root, "repo", "small", "config.json"), """{ "warmup": false }""");
        var calls = 0;
        var options = new ModelRepositoryOptions();
        options.DefaultConfig.ExecutorFactory = (bytes, inference) =>
        {
            calls++;
            return OnnxModel.Load(bytes, inference);
        };
        await using var repository = new ModelRepository(options);

        await repository.LoadDirectoryAsync(Path.Combine(_root, "repo"));

        Assert.Equal(1, calls);
    }
}
