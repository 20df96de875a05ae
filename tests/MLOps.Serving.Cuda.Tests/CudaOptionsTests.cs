using MLOps.Serving.Cuda;

namespace MLOps.Serving.Cuda.Tests;

public sealed class CudaOptionsTests
{
    [Fact]
    public void Defaults_are_device_zero_with_fallback_and_without_graphs()
    {
        var options = new CudaOptions();

        Assert.Equal(0, options.DeviceId);
        Assert.True(options.AllowCpuFallback);
        Assert.False(options.UseCudaGraphs);
        Assert.False(options.PadToBatchBuckets);
        Assert.Equal(1024, options.MaxBatchBucket);
        options.Validate();
    }

    [Theory]
    [InlineData(-1, 1024, 16, "DeviceId")]
    [InlineData(0, 0, 16, "MaxBatchBucket")]
    [InlineData(0, 1024, 0, "MaxCachedPlans")]
    public void Bad_options_fail_naming_the_option(int device, int bucket, int plans, string name)
    {
        var options = new CudaOptions { DeviceId = device, MaxBatchBucket = bucket, MaxCachedPlans = plans };

        Assert.Contains(name, Assert.Throws<ValidationException>(options.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kernel_cache_defaults_under_the_user_cache_and_honours_an_explicit_folder()
    {
        Assert.EndsWith(Path.Combine("mlops", "cuda-kernels"), new CudaOptions().ResolveKernelCacheDirectory(), StringComparison.Ordinal);
        Assert.Equal("/tmp/k", new CudaOptions { KernelCacheDirectory = "/tmp/k" }.ResolveKernelCacheDirectory());
    }

    [Fact]
    public void UseCuda_sets_an_executor_factory_that_Clone_keeps()
    {
        var config = new ModelConfig().UseCuda(1, o => o.UseCudaGraphs = true);

        Assert.NotNull(config.ExecutorFactory);
        Assert.Same(config.ExecutorFactory, config.Clone().ExecutorFactory);
        Assert.Null(new ModelConfig().ExecutorFactory);
        Assert.Throws<ValidationException>(() => new ModelConfig().UseCuda(-2));
    }

    [SkippableFact]
    public async Task A_repository_model_configured_with_UseCuda_fails_to_load_clearly_without_CUDA()
    {
        Skip.If(CudaExecutor.IsAvailable, "CUDA is available on this machine.");
        var path = Path.Combine(Path.GetTempPath(), "mlops-cuda-" + Guid.NewGuid().ToString("N") + ".onnx");
        await File.WriteAllBytesAsync(path, MLOps.Serving.Onnx.SyntheticModels.Mlp([4, 3]));
        try
        {
            await using var repository = new ModelRepository(new ModelRepositoryOptions());
            var error = await Assert.ThrowsAsync<CudaUnavailableException>(() => repository.LoadAsync("mlp", path, new ModelConfig().UseCuda(0)));

            Assert.Contains("CUDA not available", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
