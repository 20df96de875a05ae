using MLOps.Serving;

namespace MLOps.Cli.Commands.Serving;

/// <summary>A model loaded into a <see cref="ModelRepository"/> in this process, called with <see cref="ModelRepository.InferAsync(string, InferenceRequest, CancellationToken)"/> (no HTTP).</summary>
internal sealed class InProcessTarget : ILoadTarget
{
    private readonly ModelRepository _repository;
    private readonly ServedModelVersion _version;
    private readonly IReadOnlyList<InputSpec> _inputs;

    private InProcessTarget(ModelRepository repository, ServedModelVersion version, IReadOnlyList<InputSpec> inputs)
    {
        _repository = repository;
        _version = version;
        _inputs = inputs;
    }

    public string Model => _version.ModelName;

    /// <summary>Where the model was loaded from.</summary>
    public string Source => _version.Source;

    /// <summary>Loads the model behind its own batcher and warms it.</summary>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="config">How to serve it.</param>
    /// <param name="rows">Rows per request.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The target.</returns>
    public static async Task<InProcessTarget> CreateAsync(string path, ModelConfig config, int rows, CancellationToken cancellationToken)
    {
        var repository = new ModelRepository(new ModelRepositoryOptions { DefaultConfig = config });
        try
        {
            var version = await repository.LoadAsync(ModelName(path), path, config, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new InProcessTarget(repository, version, InputSpec.From(version.Signature, rows));
        }
        catch
        {
            await repository.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Func<CancellationToken, ValueTask> CreateCaller(int index)
    {
        var random = new Random(20260101 + index);
        var request = new InferenceRequest([.. _inputs.Select(i => i.Generate(random))]);
        var name = _version.ModelName;
        var version = _version.Version;
        return async cancellationToken => await _repository.InferAsync(name, version, request, cancellationToken).ConfigureAwait(false);
    }

    public Task<BatchCounters?> ReadCountersAsync(CancellationToken cancellationToken)
    {
        var statistics = _version.GetStatistics();
        return Task.FromResult<BatchCounters?>(new BatchCounters(statistics.InferenceCount, statistics.ExecutionCount));
    }

    public ValueTask DisposeAsync() => _repository.DisposeAsync();

    /// <summary>The file's name without its extension, as a model name (letters, digits, '.', '_', '-').</summary>
    private static string ModelName(string path)
    {
        var name = new string([.. Path.GetFileNameWithoutExtension(path).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_')]);
        return name.Length == 0 ? "model" : name;
    }
}
