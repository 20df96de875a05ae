namespace MLOps.Serving;

/// <summary>How a model is served: its batching, its engine options, which versions stay loaded and whether new versions are warmed before they take traffic.</summary>
public sealed class ModelConfig
{
    /// <summary>The dynamic batcher's options.</summary>
    public BatchingOptions Batching { get; init; } = new();

    /// <summary>The engine's options, for models loaded from ONNX files.</summary>
    public InferenceOptions Inference { get; init; } = new();

    /// <summary>Which versions stay loaded.</summary>
    /// <value>The default is the latest one, so loading a new version swaps it in and retires the old.</value>
    public ModelVersionPolicy VersionPolicy { get; init; } = ModelVersionPolicy.Latest(1);

    /// <summary>Whether a new version runs once at each batch bucket (1, the preferred sizes, the maximum) before it takes traffic.</summary>
    /// <value>The default is true.</value>
    public bool Warmup { get; set; } = true;

    /// <summary>
    /// Creates the executor for a model loaded from ONNX bytes (a file, a repository folder or the registry) with its
    /// engine options; null for the managed CPU engine. <c>UseCuda</c> in MLOps.Serving.Cuda sets it.
    /// </summary>
    /// <value>The default is null: the CPU engine (<see cref="OnnxModel"/>).</value>
    public Func<byte[], InferenceOptions, IModelExecutor>? ExecutorFactory { get; set; }

    /// <summary>A deep copy (batching and engine options copied too).</summary>
    /// <returns>The copy.</returns>
    public ModelConfig Clone() => new()
    {
        Batching = Batching.Clone(),
        Inference = Inference.Clone(),
        VersionPolicy = VersionPolicy,
        Warmup = Warmup,
        ExecutorFactory = ExecutorFactory,
    };

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate() => Batching.Validate();
}
