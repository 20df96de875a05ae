using System.Globalization;
using MLOps.Lineage;

namespace MLOps.Serving;

/// <summary>Loading, reloading and unloading versions: warm-up, the atomic swap, version policies, retiring replaced versions.</summary>
public sealed partial class ModelRepository
{
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
        return LoadCoreAsync(name, version, full, resolved, _ => Task.FromResult(CreateExecutor(full, resolved)), cancellationToken);
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
                return resolved.ExecutorFactory is { } factory ? factory(buffer.ToArray(), resolved.Inference) : OnnxModel.Load(buffer.ToArray(), resolved.Inference);
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

    private async Task<IReadOnlyList<ServedModelVersion>> LoadModelDirectoryCoreAsync(string name, string modelDirectory, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(modelDirectory, "config.json");
        var config = File.Exists(configPath) ? ModelConfigFile.Read(configPath, _options.DefaultConfig) : _options.DefaultConfig;
        config.ExecutorFactory ??= _options.DefaultConfig.ExecutorFactory;
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

    /// <summary>The configured executor (<see cref="ModelConfig.ExecutorFactory"/>) or the CPU engine, for a model file.</summary>
    private static IModelExecutor CreateExecutor(string path, ModelConfig config)
    {
        if (config.ExecutorFactory is not { } factory)
        {
            return OnnxModel.Load(path, config.Inference);
        }

        if (!File.Exists(path))
        {
            throw new NotFoundException($"Model file {path} does not exist.");
        }

        var inference = config.Inference.Clone();
        inference.ExternalDataDirectory ??= Path.GetDirectoryName(path);
        return factory(File.ReadAllBytes(path), inference);
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
}
