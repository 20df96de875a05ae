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
public sealed partial class ModelRepository : IAsyncDisposable
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

    private NotFoundException UnknownModel(string name) =>
        new($"No model '{name}' is served; the models are {(_models.IsEmpty ? "none" : string.Join(", ", _models.Keys.Order(StringComparer.Ordinal).Select(n => $"'{n}'")))}.");
}
