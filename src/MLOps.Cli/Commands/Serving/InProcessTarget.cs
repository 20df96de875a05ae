using MLOps.Serving;

namespace MLOps.Cli.Commands.Serving;

/// <summary>A model loaded into a <see cref="ModelRepository"/> in this process, called with <see cref="ModelRepository.InferAsync(string, InferenceRequest, CancellationToken)"/> (no HTTP).</summary>
internal sealed class InProcessTarget : ILoadTarget
{
    private readonly ModelRepository _repository;
    private readonly ServedModelVersion _version;
    private readonly IReadOnlyList<InputSpec> _inputs;
    private readonly string _path;
    private readonly ModelConfig _config;
    private readonly List<ServedModelVersion> _versions;

    private InProcessTarget(ModelRepository repository, ServedModelVersion version, IReadOnlyList<InputSpec> inputs, string path, ModelConfig config)
    {
        _repository = repository;
        _version = version;
        _inputs = inputs;
        _path = path;
        _config = config;
        _versions = [version];
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
            return new InProcessTarget(repository, version, InputSpec.From(version.Signature, rows), path, config);
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
        return async cancellationToken => await _repository.InferAsync(name, request, cancellationToken).ConfigureAwait(false);
    }

    public Task<BatchCounters?> ReadCountersAsync(CancellationToken cancellationToken)
    {
        long inferences = 0, executions = 0;
        lock (_versions)
        {
            foreach (var version in _versions)
            {
                var statistics = version.GetStatistics();
                inferences += statistics.InferenceCount;
                executions += statistics.ExecutionCount;
            }
        }

        return Task.FromResult<BatchCounters?>(new BatchCounters(inferences, executions));
    }

    /// <summary>Loads the model again <paramref name="count"/> times, evenly spread over the measured window, each load swapped in while callers run.</summary>
    /// <returns>How many swaps completed.</returns>
    public async Task<int> SwapRepeatedlyAsync(int count, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return 0;
        }

        var swapped = 0;
        try
        {
            await Task.Delay(warmup, cancellationToken).ConfigureAwait(false);
            var interval = duration / (count + 1);
            for (var i = 0; i < count; i++)
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                var version = await _repository.LoadAsync(_version.ModelName, _path, _config, cancellationToken: cancellationToken).ConfigureAwait(false);
                lock (_versions)
                {
                    _versions.Add(version);
                }

                swapped++;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The measured window ended first.
        }

        return swapped;
    }

    public ValueTask DisposeAsync() => _repository.DisposeAsync();

    /// <summary>The file's name without its extension, as a model name (letters, digits, '.', '_', '-').</summary>
    private static string ModelName(string path)
    {
        var name = new string([.. Path.GetFileNameWithoutExtension(path).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_')]);
        return name.Length == 0 ? "model" : name;
    }
}
