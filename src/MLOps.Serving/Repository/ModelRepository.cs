using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using MLOps.Inference;
using MLOps.Lineage;

namespace MLOps.Serving;

/// <summary>
/// The models a process serves, by name and version: loaded from ONNX files, from a repository folder
/// (<c>&lt;repo&gt;/&lt;model&gt;/&lt;version&gt;/model.onnx</c> with an optional <c>&lt;repo&gt;/&lt;model&gt;/config.json</c>), from the
/// model registry (<c>model:churn@champion</c>), or from any <see cref="IModelExecutor"/>. Each version
/// runs behind its own <see cref="DynamicBatcher"/>. Loading a version warms it and then switches
/// routing atomically: requests in flight finish on the version they started on, which is released only
/// after its last request; a failed load leaves the serving versions untouched. Requests that name no
/// version follow the model's <see cref="ModelRouting"/> (latest, weighted canary, shadow).
/// </summary>
/// <example>
/// <code>
/// await using var repository = new ModelRepository();
/// await repository.LoadAsync("mlp", "models/mlp.onnx");
/// var response = await repository.InferAsync("mlp", new InferenceRequest(Tensor.Create(row, 1, 256)));
/// </code>
/// </example>
public sealed class ModelRepository : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServedModel> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _releasing = new();
    private readonly ModelRepositoryOptions _options;
    private readonly IInferenceObserver[] _observers;
    private int _disposed;
    private long _observerFailures;

    /// <summary>Creates an empty repository.</summary>
    /// <param name="options">Options; null for the defaults.</param>
    public ModelRepository(ModelRepositoryOptions? options = null)
    {
        _options = options ?? new ModelRepositoryOptions();
        _options.DefaultConfig.Validate();
        _observers = [.. _options.Observers];
    }

    /// <summary>The models, by name.</summary>
    public IReadOnlyCollection<ServedModel> Models => [.. _models.Values.OrderBy(m => m.Name, StringComparer.Ordinal)];

    /// <summary>Whether every model has a ready version (true when there are none).</summary>
    public bool IsReady => _models.Values.All(m => m.IsReady);

    /// <summary>How many times an <see cref="IInferenceObserver"/> threw (the requests succeeded regardless).</summary>
    public long ObserverFailures => Interlocked.Read(ref _observerFailures);

    /// <summary>A model by name.</summary>
    /// <param name="name">The model's name.</param>
    /// <returns>The model.</returns>
    /// <exception cref="NotFoundException">No model has that name; the message lists the served ones.</exception>
    public ServedModel GetModel(string name) =>
        _models.TryGetValue(name, out var model) ? model : throw UnknownModel(name);

    /// <summary>A model by name, or null.</summary>
    /// <param name="name">The model's name.</param>
    /// <returns>The model or null.</returns>
    public ServedModel? FindModel(string name) => _models.GetValueOrDefault(name);

    /// <summary>Loads an ONNX file as a version of a model.</summary>
    /// <param name="name">The model's name (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>).</param>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="config">How to serve it; null for the repository's default.</param>
    /// <param name="version">The version number; null for one above the highest loaded.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The new version, ready and routed to.</returns>
    /// <exception cref="NotFoundException">The file does not exist.</exception>
    /// <exception cref="ValidationException">The model cannot be loaded or fails its warm-up; the versions already serving keep serving.</exception>
    public Task<ServedModelVersion> LoadAsync(string name, string path, ModelConfig? config = null, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var resolved = config ?? _options.DefaultConfig;
        var full = Path.GetFullPath(path);
        return LoadCoreAsync(name, version, full, resolved, _ => Task.FromResult<IModelExecutor>(OnnxModel.Load(full, resolved.Inference)), cancellationToken);
    }

    /// <summary>Serves an executor (a custom engine, or a model loaded elsewhere) as a version of a model; the repository disposes it when the version is released.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="executor">The executor; thread-safe.</param>
    /// <param name="config">How to serve it; null for the repository's default.</param>
    /// <param name="version">The version number; null for one above the highest loaded.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="ValidationException">The executor fails its warm-up.</exception>
    public Task<ServedModelVersion> LoadAsync(string name, IModelExecutor executor, ModelConfig? config = null, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executor);
        return LoadCoreAsync(name, version, executor.GetType().Name, config ?? _options.DefaultConfig, _ => Task.FromResult(executor), cancellationToken);
    }

    /// <summary>Loads a registered version from the model registry (through <see cref="ModelRepositoryOptions.ArtifactResolver"/>).</summary>
    /// <param name="name">The name to serve it under.</param>
    /// <param name="reference"><c>model:NAME/VERSION</c> or <c>model:NAME@ALIAS</c>.</param>
    /// <param name="config">How to serve it; null for the repository's default.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The new version, numbered as in the registry.</returns>
    /// <exception cref="ValidationException">No resolver is configured, or the model cannot be loaded.</exception>
    /// <exception cref="NotFoundException">The registry has no such model, version or alias.</exception>
    public async Task<ServedModelVersion> LoadFromRegistryAsync(string name, LineageReference reference, ModelConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var resolver = _options.ArtifactResolver
            ?? throw new ValidationException($"Model '{name}' comes from the registry ({reference}) but no model registry is configured: reference MLOps.Tracking and call AddTracking(), or set ModelRepositoryOptions.ArtifactResolver.");
        var artifact = await resolver.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        var resolved = config ?? _options.DefaultConfig;
        var served = await LoadCoreAsync(name, artifact.Version, artifact.Description, resolved, async token =>
        {
            var stream = await artifact.OpenAsync(token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, token).ConfigureAwait(false);
                return OnnxModel.Load(buffer.ToArray(), resolved.Inference);
            }
        }, cancellationToken).ConfigureAwait(false);
        GetModel(name).Source = reference.ToString();
        return served;
    }

    /// <summary>
    /// Re-resolves a registry-loaded model's reference and, when it now names another version (an alias
    /// moved), loads that version and swaps it in.
    /// </summary>
    /// <param name="name">The served model's name.</param>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    /// <returns>The newly loaded version, or null when nothing changed.</returns>
    /// <exception cref="NotFoundException">The model is not served.</exception>
    /// <exception cref="ValidationException">The model was not loaded from the registry.</exception>
    public async Task<ServedModelVersion?> RefreshFromRegistryAsync(string name, CancellationToken cancellationToken = default)
    {
        var model = GetModel(name);
        if (model.Source is not { } source || !LineageReference.TryParse(source, out var reference) || reference is not (ModelAliasReference or ModelVersionReference))
        {
            throw new ValidationException($"Model '{name}' was not loaded from the model registry.");
        }

        var resolver = _options.ArtifactResolver ?? throw new ValidationException("No model registry is configured.");
        var artifact = await resolver.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        if (model.FindVersion(artifact.Version) is not null && model.Latest?.Version == artifact.Version)
        {
            return null;
        }

        return await LoadFromRegistryAsync(name, reference, model.Latest?.Config, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Loads every model of a repository folder: each subfolder is a model, each numeric subfolder of it a
    /// version holding <c>model.onnx</c>; the model's optional <c>config.json</c> sets its batching and
    /// version policy (which versions are loaded). Models that fail are reported together after the others load.
    /// </summary>
    /// <param name="directory">The repository folder.</param>
    /// <param name="cancellationToken">Cancels the loads.</param>
    /// <returns>The versions loaded.</returns>
    /// <exception cref="NotFoundException">The folder does not exist.</exception>
    /// <exception cref="ValidationException">Some model failed to load (the message lists each with its error); the others are loaded.</exception>
    public async Task<IReadOnlyList<ServedModelVersion>> LoadDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new NotFoundException($"Model repository folder {root} does not exist.");
        }

        var loaded = new List<ServedModelVersion>();
        var failures = new List<string>();
        foreach (var modelDirectory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(modelDirectory);
            try
            {
                loaded.AddRange(await LoadModelDirectoryCoreAsync(name, modelDirectory, cancellationToken).ConfigureAwait(false));
            }
            catch (MLOpsException exception)
            {
                failures.Add($"{name}: {exception.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new ValidationException($"{failures.Count} model(s) in {root} failed to load: {string.Join("; ", failures)}");
        }

        return loaded;
    }

    /// <summary>Unloads a version, or every version of a model: it takes no new requests, finishes those in flight, then releases its executor.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version; null for the whole model.</param>
    /// <param name="cancellationToken">Cancels waiting for the in-flight requests (the version is unloaded regardless).</param>
    /// <returns>A task that completes when the released versions have finished their requests.</returns>
    /// <exception cref="NotFoundException">The model or version is not loaded.</exception>
    public async Task UnloadAsync(string name, int? version = null, CancellationToken cancellationToken = default)
    {
        var model = GetModel(name);
        await model.LoadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        List<ServedModelVersion> retired;
        try
        {
            var table = model.Table;
            if (version is { } number)
            {
                var served = table.Find(number) ?? throw new NotFoundException($"Model '{name}' has no loaded version {number}; loaded: {FormatVersions(table)}.");
                retired = [served];
                model.Table = new RoutingTable([.. table.Ready.Where(v => v != served)], table.Routing);
            }
            else
            {
                retired = [.. table.Ready];
                model.Table = RoutingTable.Empty;
                _models.TryRemove(new KeyValuePair<string, ServedModel>(name, model));
            }
        }
        finally
        {
            model.LoadLock.Release();
        }

        await Task.WhenAll(retired.Select(Retire)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets how requests that name no version are routed (canary weights, shadow).</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="routing">The routing.</param>
    /// <exception cref="NotFoundException">The model is not loaded.</exception>
    /// <exception cref="ValidationException">The routing is invalid.</exception>
    public void SetRouting(string name, ModelRouting routing)
    {
        ArgumentNullException.ThrowIfNull(routing);
        routing.Validate(name);
        var model = GetModel(name);
        model.LoadLock.Wait();
        try
        {
            model.Table = new RoutingTable(model.Table.Ready, routing);
        }
        finally
        {
            model.LoadLock.Release();
        }
    }

    /// <summary>Runs a request on the version routing picks.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="request">The inputs.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The outputs, naming the version that answered.</returns>
    /// <exception cref="NotFoundException">No model has that name.</exception>
    /// <exception cref="ModelNotReadyException">The model has no ready version.</exception>
    /// <exception cref="ValidationException">The request does not fit the model.</exception>
    /// <exception cref="InferenceException">Rejected, past its deadline, or failed in the executor.</exception>
    public ValueTask<InferenceResponse> InferAsync(string name, InferenceRequest request, CancellationToken cancellationToken = default) =>
        InferAsync(name, null, request, cancellationToken);

    /// <summary>Runs a request on a given version, or on the version routing picks.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version; null to follow the model's routing.</param>
    /// <param name="request">The inputs.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The outputs.</returns>
    /// <exception cref="NotFoundException">No model has that name, or the version is not loaded.</exception>
    /// <exception cref="ModelNotReadyException">The model has no ready version.</exception>
    /// <exception cref="ValidationException">The request does not fit the model.</exception>
    /// <exception cref="InferenceException">Rejected, past its deadline, or failed in the executor.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<InferenceResponse> InferAsync(string name, int? version, InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = GetModel(name);
        var (served, shadow) = Acquire(model, version);
        try
        {
            served.CountRouted();
            Task<InferenceResponse>? shadowTask = null;
            if (shadow is not null)
            {
                shadow.ShadowCounters.CountRequest();
                shadowTask = shadow.Batcher.InferAsync(request, CancellationToken.None).AsTask();
            }

            var response = await served.Batcher.InferAsync(request, cancellationToken).ConfigureAwait(false);
            if (shadow is not null)
            {
                _ = CompareShadowAsync(response, shadow, shadowTask!, model.Table.Routing.ShadowTolerance);
                shadow = null;
            }

            Observe(request, response);
            return response;
        }
        finally
        {
            served.Release();
            shadow?.Release();
        }
    }

    /// <summary>Unloads every model and waits for their in-flight requests.</summary>
    /// <returns>A task that completes when every executor is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var retiring = new List<Task>();
        foreach (var model in _models.Values)
        {
            retiring.AddRange(model.Table.Ready.Select(Retire));
            model.Table = RoutingTable.Empty;
        }

        _models.Clear();
        await Task.WhenAll(retiring.Concat(_releasing.Keys)).ConfigureAwait(false);
    }

    private static string FormatVersions(RoutingTable table) =>
        table.Ready.Length == 0 ? "none" : string.Join(", ", table.Ready.Select(v => v.Version.ToString(CultureInfo.InvariantCulture)));

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                throw new ValidationException($"Model name '{name}' has '{c}'; use letters, digits, '.', '_' and '-'.");
            }
        }
    }

    private static async Task CompareShadowAsync(InferenceResponse primary, ServedModelVersion shadow, Task<InferenceResponse> shadowTask, double tolerance)
    {
        try
        {
            var answer = await shadowTask.ConfigureAwait(false);
            var (agreed, difference) = ShadowComparer.Compare(primary, answer, tolerance);
            shadow.ShadowCounters.CountComparison(agreed, difference);
        }
#pragma warning disable CA1031 // A shadow's failure is recorded, never surfaced.
        catch (Exception)
#pragma warning restore CA1031
        {
            shadow.ShadowCounters.CountFailure();
        }
        finally
        {
            shadow.Release();
        }
    }

    private (ServedModelVersion Served, ServedModelVersion? Shadow) Acquire(ServedModel model, int? version)
    {
        // A version retired between the table read and the lease is skipped by reading the (already swapped) table again.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var table = model.Table;
            ServedModelVersion? served;
            if (version is { } number)
            {
                served = table.Find(number) ?? throw new NotFoundException($"Model '{model.Name}' has no loaded version {number}; loaded: {FormatVersions(table)}.");
            }
            else
            {
                served = table.Pick() ?? throw new ModelNotReadyException($"Model '{model.Name}' has no ready version.");
            }

            if (!served.TryAcquire())
            {
                continue;
            }

            var shadow = version is null && table.Shadow is { } candidate && candidate != served && candidate.TryAcquire() ? candidate : null;
            return (served, shadow);
        }

        throw new ModelNotReadyException($"Model '{model.Name}' is being swapped too fast to take a request; retry.");
    }

    private void Observe(InferenceRequest request, InferenceResponse response)
    {
        if (_observers.Length == 0)
        {
            return;
        }

        var signature = response.Signature;
        var observation = new InferenceObservation(
            response.ModelName,
            response.ModelVersion,
            [.. signature.Inputs.Select(i => i.Name)],
            request.Inputs,
            [.. signature.Outputs.Select(o => o.Name)],
            response.Outputs,
            _options.TimeProvider.GetUtcNow());
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnInference(observation);
            }
#pragma warning disable CA1031 // A tap must never fail a request.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _observerFailures);
            }
        }
    }

    /// <summary>
    /// Loads one model's folder of a model repository (<c>&lt;folder&gt;/&lt;version&gt;/model.onnx</c>, optional
    /// <c>&lt;folder&gt;/config.json</c>): the versions its policy keeps, each swapped in.
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="modelDirectory">The model's folder.</param>
    /// <param name="cancellationToken">Cancels the loads.</param>
    /// <returns>The versions loaded.</returns>
    /// <exception cref="NotFoundException">The folder has no version folder with a model.onnx.</exception>
    /// <exception cref="ValidationException">The config file or a model is invalid.</exception>
    public Task<IReadOnlyList<ServedModelVersion>> LoadModelDirectoryAsync(string name, string modelDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        var full = Path.GetFullPath(modelDirectory);
        if (!Directory.Exists(full))
        {
            throw new NotFoundException($"Model folder {full} does not exist.");
        }

        return LoadModelDirectoryCoreAsync(name, full, cancellationToken);
    }

    /// <summary>
    /// Loads a served model again from where it came from: a repository folder (versions its policy keeps,
    /// new ones swapped in), a file (a new version), or a registry reference (the version it names now).
    /// </summary>
    /// <param name="name">The served model's name.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The versions loaded (empty when a registry reference still names the serving version).</returns>
    /// <exception cref="NotFoundException">The model is not served.</exception>
    /// <exception cref="ValidationException">The model was loaded from an executor, so there is nothing to reload, or the load failed (the serving versions keep serving).</exception>
    public async Task<IReadOnlyList<ServedModelVersion>> ReloadAsync(string name, CancellationToken cancellationToken = default)
    {
        var model = GetModel(name);
        var source = model.Source;
        if (source is not null && LineageReference.TryParse(source, out var reference) && reference is ModelAliasReference or ModelVersionReference)
        {
            return await RefreshFromRegistryAsync(name, cancellationToken).ConfigureAwait(false) is { } refreshed ? [refreshed] : [];
        }

        if (source is not null && Directory.Exists(source))
        {
            return await LoadModelDirectoryCoreAsync(name, source, cancellationToken).ConfigureAwait(false);
        }

        if (source is not null && File.Exists(source))
        {
            return [await LoadAsync(name, source, model.Latest?.Config, cancellationToken: cancellationToken).ConfigureAwait(false)];
        }

        throw new ValidationException($"Model '{name}' has no file, folder or registry reference to reload from{(source is null ? string.Empty : $" ({source})")}.");
    }

    private async Task<IReadOnlyList<ServedModelVersion>> LoadModelDirectoryCoreAsync(string name, string modelDirectory, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(modelDirectory, "config.json");
        var config = File.Exists(configPath) ? ModelConfigFile.Read(configPath, _options.DefaultConfig) : _options.DefaultConfig;
        var versions = new Dictionary<int, string>();
        foreach (var versionDirectory in Directory.EnumerateDirectories(modelDirectory))
        {
            if (int.TryParse(Path.GetFileName(versionDirectory), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
            {
                var file = Path.Combine(versionDirectory, "model.onnx");
                if (File.Exists(file))
                {
                    versions[number] = file;
                }
            }
        }

        if (versions.Count == 0)
        {
            throw new NotFoundException($"{modelDirectory} has no version folder with a model.onnx (expected {modelDirectory}{Path.DirectorySeparatorChar}1{Path.DirectorySeparatorChar}model.onnx).");
        }

        var loaded = new List<ServedModelVersion>();
        foreach (var number in config.VersionPolicy.Select(versions.Keys))
        {
            loaded.Add(await LoadAsync(name, versions[number], config, number, cancellationToken).ConfigureAwait(false));
        }

        GetModel(name).Source = modelDirectory;
        return loaded;
    }

    private async Task<ServedModelVersion> LoadCoreAsync(string name, int? version, string source, ModelConfig config, Func<CancellationToken, Task<IModelExecutor>> create, CancellationToken cancellationToken)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (version is < 1)
        {
            throw new ValidationException($"Model '{name}' version {version} is invalid; versions are positive integers.");
        }

        var model = _models.GetOrAdd(name, static n => new ServedModel(n));
        await model.LoadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var number = version ?? (model.Table.Ready.Length == 0 ? 1 : model.Table.Ready[^1].Version + 1);
            IModelExecutor executor;
            DynamicBatcher batcher;
            try
            {
                // Parsing and warming are CPU-bound: keep them off the caller's thread (a request thread in a host).
                executor = await Task.Run(() => create(cancellationToken), cancellationToken).ConfigureAwait(false);
                try
                {
                    if (config.Warmup)
                    {
                        await Task.Run(() => ModelWarmup.Run(name, number, executor, config), cancellationToken).ConfigureAwait(false);
                    }

                    batcher = new DynamicBatcher(executor, config.Batching, _options.TimeProvider, name, number.ToString(CultureInfo.InvariantCulture));
                }
                catch
                {
                    executor.Dispose();
                    throw;
                }
            }
            catch (MLOpsException exception)
            {
                model.LastError = exception.Message;
                throw;
            }

            var served = new ServedModelVersion(name, number, source, config, executor, batcher, _options.TimeProvider.GetUtcNow());
            var table = model.Table;
            var replaced = table.Find(number);
            var ready = table.Ready.Where(v => v != replaced).Append(served).ToList();
            var kept = config.VersionPolicy.Select(ready.Select(v => v.Version)).ToHashSet();
            var routed = table.Routing.Weights.Keys.Append(table.Routing.ShadowVersion ?? 0).ToHashSet();
            var retired = ready.Where(v => v != served && !kept.Contains(v.Version) && !routed.Contains(v.Version)).ToList();
            model.Table = new RoutingTable([.. ready.Except(retired)], table.Routing);
            model.Source ??= source;
            model.LastError = null;
            if (replaced is not null)
            {
                retired.Add(replaced);
            }

            foreach (var old in retired)
            {
                _ = Retire(old);
            }

            return served;
        }
        finally
        {
            model.LoadLock.Release();
        }
    }

    private Task Retire(ServedModelVersion served)
    {
        served.Retire();
        var release = served.ReleaseResourcesAsync();
        _releasing.TryAdd(release, 0);
        _ = release.ContinueWith(t => _releasing.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return release;
    }

    private NotFoundException UnknownModel(string name) =>
        new($"No model '{name}' is served; the models are {(_models.IsEmpty ? "none" : string.Join(", ", _models.Keys.Order(StringComparer.Ordinal).Select(n => $"'{n}'")))}.");
}
