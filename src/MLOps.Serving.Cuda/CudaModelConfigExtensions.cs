namespace MLOps.Serving.Cuda;

/// <summary>Serves a model of the repository on a CUDA device: <c>AddModel("mlp", "mlp.onnx", o =&gt; o.UseCuda(0))</c>.</summary>
public static class CudaModelConfigExtensions
{
    /// <summary>Runs this model with <see cref="CudaExecutor"/> on a device instead of the CPU engine.</summary>
    /// <param name="config">The model's configuration.</param>
    /// <param name="deviceId">The device ordinal.</param>
    /// <param name="configure">Adjusts the CUDA options (fallback, CUDA graphs, library paths); null for the defaults.</param>
    /// <returns>The same configuration.</returns>
    /// <exception cref="ValidationException">An option is out of range (checked here, at configuration time).</exception>
    /// <remarks>Loading the model fails with <see cref="CudaUnavailableException"/>, listing every path searched, when CUDA is not usable.</remarks>
    public static ModelConfig UseCuda(this ModelConfig config, int deviceId = 0, Action<CudaOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = new CudaOptions { DeviceId = deviceId };
        configure?.Invoke(options);
        options.Validate();
        config.ExecutorFactory = (bytes, inference) => CudaExecutor.Load(bytes, options, inference);
        return config;
    }
}
