using MLOps.Inference;
using MLOps.Lineage;
using MLOps;
using MLOps.Serving;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Declares the models a host serves; see <see cref="ServingMLOpsBuilderExtensions.AddServing"/>.</summary>
public sealed class ServingBuilder
{
    private readonly List<ModelDeclaration> _models = [];
    private ModelConfig _defaultConfig = new();

    internal ServingBuilder(IServiceCollection services) => Services = services;

    /// <summary>The host's services, to register observers or executors.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The configuration of models declared without one.</summary>
    /// <value>Validated when <c>AddServing</c> returns.</value>
    public ModelConfig DefaultConfig
    {
        get => _defaultConfig;
        set => _defaultConfig = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>How often models loaded from the registry re-resolve their reference (an alias that moved is loaded and swapped in).</summary>
    /// <value>The default is 30 seconds; null turns polling off.</value>
    public TimeSpan? RegistryPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the host starts before the models are loaded (readiness reports false until they are).</summary>
    /// <value>The default is false: start-up waits for every model, and fails if one cannot load.</value>
    public bool LoadInBackground { get; set; }

    internal IReadOnlyList<ModelDeclaration> Models => _models;

    /// <summary>The repository folders declared with <see cref="AddRepository"/>, where a model not loaded yet is looked for by name (the v2 repository extension's load).</summary>
    public IReadOnlyList<string> RepositoryDirectories => [.. _models.Where(m => m.Directory is not null).Select(m => m.Directory!)];

    /// <summary>Serves an ONNX file.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="configure">Adjusts the model's configuration (batching, threads, version policy).</param>
    /// <returns>This builder.</returns>
    public ServingBuilder AddModel(string name, string path, Action<ModelConfig>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(path);
        _models.Add(new ModelDeclaration(name, path, null, null, Configure(configure)));
        return this;
    }

    /// <summary>Serves the registry's version named by a reference such as <c>model:churn@champion</c>, following the alias when it moves.</summary>
    /// <param name="name">The name to serve it under.</param>
    /// <param name="reference"><c>model:NAME/VERSION</c> or <c>model:NAME@ALIAS</c>.</param>
    /// <param name="configure">Adjusts the model's configuration.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ValidationException">The reference is not a model reference.</exception>
    public ServingBuilder AddRegistryModel(string name, string reference, Action<ModelConfig>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var parsed = LineageReference.Parse(reference);
        if (parsed is not (ModelAliasReference or ModelVersionReference))
        {
            throw new ValidationException($"'{reference}' is not a model reference; use model:NAME/VERSION or model:NAME@ALIAS.");
        }

        _models.Add(new ModelDeclaration(name, null, parsed, null, Configure(configure)));
        return this;
    }

    /// <summary>Serves every model of a repository folder (<c>&lt;repo&gt;/&lt;model&gt;/&lt;version&gt;/model.onnx</c>, optional <c>config.json</c> per model).</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>This builder.</returns>
    public ServingBuilder AddRepository(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _models.Add(new ModelDeclaration(null, null, null, directory, null));
        return this;
    }

    /// <summary>Registers a tap that sees every successful inference.</summary>
    /// <typeparam name="TObserver">The observer type, resolved from the container.</typeparam>
    /// <returns>This builder.</returns>
    public ServingBuilder AddObserver<TObserver>()
        where TObserver : class, IInferenceObserver
    {
        Services.AddSingleton<IInferenceObserver, TObserver>();
        return this;
    }

    private ModelConfig? Configure(Action<ModelConfig>? configure)
    {
        if (configure is null)
        {
            return null;
        }

        var config = DefaultConfig.Clone();
        configure(config);
        config.Validate();
        return config;
    }

    internal sealed record ModelDeclaration(string? Name, string? Path, LineageReference? Reference, string? Directory, ModelConfig? Config);
}
