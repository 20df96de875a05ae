using System.Collections.Concurrent;
using MLOps.Data;
using MLOps.Storage;
using MLOps.Storage.Csv;
using MLOps.Storage.Sql;

namespace MLOps.FeatureStore;

/// <summary>
/// The feature store on a workspace: apply definitions to the registry, build training sets by
/// point-in-time join, materialize views to the online store, read online features by entity key
/// (with on-demand features computed in the same call), and push rows. Thread-safe; one instance per
/// process is enough. Dispose it to close the online store's connections.
/// </summary>
/// <example>
/// <code>
/// await using var workspace = await MLOpsWorkspace.OpenAsync(".mlops");
/// await using var store = await FeatureRepository.OpenAsync(workspace);
/// await store.ApplyAsync(FeatureYaml.Load("features.yaml"));
/// var training = await store.GetHistoricalFeaturesAsync(entityRows, "churn_model");
/// await store.MaterializeIncrementalAsync(workspace.TimeProvider.GetUtcNow());
/// var online = await store.GetOnlineFeaturesAsync("churn_model", [new Dictionary&lt;string, object?&gt; { ["customer_id"] = 42L }]);
/// </code>
/// </example>
public sealed class FeatureRepository : IAsyncDisposable
{
    private readonly FeatureRegistry _registry;
    private readonly OnlineStore _online;
    private readonly Materializer _materializer;
    private readonly PushLog _pushLog;
    private readonly ConcurrentDictionary<string, CompiledFeatureService> _compiled = new(StringComparer.Ordinal);
    private volatile FeatureDefinitions _definitions;

    private FeatureRepository(MLOpsWorkspace workspace, FeatureStoreOptions options, FeatureDefinitions definitions)
    {
        Workspace = workspace;
        Options = options;
        _definitions = definitions;
        _registry = new FeatureRegistry(workspace);
        _online = new OnlineStore(workspace);
        _materializer = new Materializer(workspace, _online, options);
        _pushLog = new PushLog(workspace);
    }

    /// <summary>The workspace.</summary>
    public MLOpsWorkspace Workspace { get; }

    /// <summary>The options.</summary>
    public FeatureStoreOptions Options { get; }

    /// <summary>The definitions in use: the last applied in this process, else those rebuilt from the registry when opened (without on-demand views, whose code is not stored).</summary>
    public FeatureDefinitions Definitions => _definitions;

    /// <summary>Opens the feature store of a workspace, creating its tables when missing.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="options">Options, or null for defaults.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The store; dispose it when done.</returns>
    public static async ValueTask<FeatureRepository> OpenAsync(MLOpsWorkspace workspace, FeatureStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new FeatureStoreOptions();
        options.Validate();
        await workspace.MigrateAsync(FeatureStoreMigrations.Instance, cancellationToken).ConfigureAwait(false);
        var registered = await new FeatureRegistry(workspace).ListAsync(cancellationToken).ConfigureAwait(false);
        var definitions = DefinitionSpecs.FromSpecs(registered.Select(r => (r.Kind, r.Spec)));
        return new FeatureRepository(workspace, options, definitions);
    }

    /// <summary>Lists the registered definitions (the current version of each).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The definitions, by kind then name.</returns>
    public ValueTask<IReadOnlyList<RegisteredDefinition>> ListAsync(CancellationToken cancellationToken = default) => _registry.ListAsync(cancellationToken);

    /// <summary>Checks definitions against their data and says what applying them would change, without changing anything.</summary>
    /// <param name="definitions">The definitions.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ValidationException">A definition does not fit its data (a missing timestamp column, a type mismatch); the message names it.</exception>
    public async ValueTask<FeaturePlan> PlanAsync(FeatureDefinitions definitions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        await ValidateDataAsync(definitions, cancellationToken).ConfigureAwait(false);
        return await _registry.PlanAsync(definitions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks definitions against their data, records them as the next registry version, makes them the
    /// definitions in use and compiles every feature service for online reads. Views whose features
    /// changed lose their online rows and watermark (they must be materialized again).
    /// </summary>
    /// <param name="definitions">The definitions.</param>
    /// <param name="cancellationToken">Cancels before commit.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="ValidationException">A definition does not fit its data; the message names it. Nothing is written.</exception>
    public async ValueTask<FeaturePlan> ApplyAsync(FeatureDefinitions definitions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        await ValidateDataAsync(definitions, cancellationToken).ConfigureAwait(false);
        var compiled = definitions.Services.Values.ToDictionary(s => s.Name, s => CompiledFeatureService.Compile(definitions, s.Name, s.Features), StringComparer.Ordinal);
        var watermarks = FeatureStoreMigrations.Watermarks(Workspace.Dialect);
        var (plan, _) = await _registry.ApplyAsync(
            definitions,
            async (connection, transaction, reshaped, ct) =>
            {
                foreach (var view in reshaped)
                {
                    await _online.ClearAsync(connection, transaction, view, ct).ConfigureAwait(false);
                    await connection.ExecuteAsync($"DELETE FROM {watermarks} WHERE view_name = @v", transaction, ct, ("v", view)).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
        _definitions = definitions;
        _compiled.Clear();
        foreach (var pair in compiled)
        {
            _compiled[pair.Key] = pair.Value;
        }

        return plan;
    }

    /// <summary>Makes definitions the ones in use in this process without recording them (for on-demand views over registered definitions, or tests).</summary>
    /// <param name="definitions">The definitions.</param>
    public void Use(FeatureDefinitions definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        _definitions = definitions;
        _compiled.Clear();
    }

    /// <summary>Point-in-time correct retrieval of a feature service's features for entity rows.</summary>
    /// <param name="entityRows">Join keys, the timestamp column and any other columns (passed through).</param>
    /// <param name="service">The feature service.</param>
    /// <param name="cancellationToken">Cancels the retrieval.</param>
    /// <returns>One row per entity row, in input order: the entity columns, then <c>VIEW__FEATURE</c> columns.</returns>
    public ValueTask<RecordBatch> GetHistoricalFeaturesAsync(RecordBatch entityRows, string service, CancellationToken cancellationToken = default) =>
        GetHistoricalFeaturesAsync(entityRows, _definitions.GetService(service).Features, cancellationToken);

    /// <summary>Point-in-time correct retrieval of features for entity rows (see docs/feature-store.md for the rule).</summary>
    /// <param name="entityRows">Join keys, the timestamp column and any other columns (passed through).</param>
    /// <param name="features">The features, <c>view:feature</c>.</param>
    /// <param name="cancellationToken">Cancels the retrieval.</param>
    /// <returns>One row per entity row, in input order: the entity columns, then one <c>VIEW__FEATURE</c> column per feature.</returns>
    public async ValueTask<RecordBatch> GetHistoricalFeaturesAsync(RecordBatch entityRows, IReadOnlyList<FeatureReference> features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityRows);
        ArgumentNullException.ThrowIfNull(features);
        var retrieval = await PrepareHistoricalAsync(features, cancellationToken).ConfigureAwait(false);
        return retrieval.Join(entityRows);
    }

    /// <summary>
    /// Point-in-time retrieval from an entity CSV file to an output CSV file, streaming the entity rows in
    /// chunks of <see cref="HistoricalRetrievalOptions.ChunkRows"/> so the entity side never sits in memory whole.
    /// </summary>
    /// <param name="entitiesCsv">The entity rows (ISO 8601 UTC timestamps).</param>
    /// <param name="features">The features.</param>
    /// <param name="outputCsv">The output file (replaced).</param>
    /// <param name="cancellationToken">Cancels the retrieval.</param>
    /// <returns>The number of rows written.</returns>
    public async ValueTask<long> WriteHistoricalFeaturesAsync(string entitiesCsv, IReadOnlyList<FeatureReference> features, string outputCsv, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entitiesCsv);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(outputCsv);
        var retrieval = await PrepareHistoricalAsync(features, cancellationToken).ConfigureAwait(false);
        var options = await EntityCsvOptionsAsync(entitiesCsv, features, cancellationToken).ConfigureAwait(false);
        long rows = 0;
        var temp = outputCsv + ".tmp";
        await using (var stream = File.Create(temp))
        await using (var writer = new CsvWriter(stream))
        {
            await foreach (var chunk in CsvReader.ReadBatchesAsync(entitiesCsv, options, cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(retrieval.Join(chunk), cancellationToken).ConfigureAwait(false);
                rows += chunk.RowCount;
            }
        }

        File.Move(temp, outputCsv, overwrite: true);
        return rows;
    }

    /// <summary>
    /// Builds a feature service's training set by point-in-time join and commits it as the next version
    /// of a DataVersioning dataset (file <c>training.csv</c>), with metadata naming the feature service
    /// (<c>feature_service</c>) and the entity rows' hash (<c>entity_rows_sha256</c>).
    /// </summary>
    /// <param name="entityRows">The entity rows.</param>
    /// <param name="service">The feature service.</param>
    /// <param name="dataset">The dataset to commit to.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The rows and their lineage.</returns>
    public async ValueTask<TrainingSet> SaveTrainingSetAsync(RecordBatch entityRows, string service, string dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityRows);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        var rows = await GetHistoricalFeaturesAsync(entityRows, service, cancellationToken).ConfigureAwait(false);
        return await TrainingSetWriter.SaveAsync(this, entityRows, service, rows, dataset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads online features of a feature service for entities; on-demand features are computed in the same call.</summary>
    /// <param name="service">The feature service.</param>
    /// <param name="entities">One dictionary per entity: join key values (and request fields for on-demand views).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Per entity and feature: value, status (TTL enforced against the clock now) and event timestamp.</returns>
    public ValueTask<OnlineFeatures> GetOnlineFeaturesAsync(string service, IReadOnlyList<IReadOnlyDictionary<string, object?>> entities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(entities);
        var plan = _compiled.TryGetValue(service, out var cached) ? cached : Compile(service);
        var now = Micros.From(Workspace.TimeProvider.GetUtcNow());
        return _online.ReadAsync(plan, entities, now, cancellationToken);
    }

    /// <summary>Materializes every online view's rows with event timestamps in [start, end) to the online store; resumes an interrupted run of the same range.</summary>
    /// <param name="start">The range start (inclusive).</param>
    /// <param name="end">The range end (exclusive); becomes each view's watermark.</param>
    /// <param name="cancellationToken">Cancels between chunks; committed chunks stay and a rerun resumes after them.</param>
    /// <returns>One result per view.</returns>
    public async ValueTask<IReadOnlyList<MaterializationResult>> MaterializeAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        if (end < start)
        {
            throw new ValidationException($"Materialization end {end:O} is before its start {start:O}.");
        }

        var results = new List<MaterializationResult>();
        var definitions = _definitions;
        foreach (var view in definitions.Views.Values.Where(v => v.Online).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            results.Add(await _materializer.RunAsync(view, ContextFor(definitions, view.Source), Micros.From(start), Micros.From(end), cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Materializes each online view from its watermark (or from the beginning) to <paramref name="end"/>.</summary>
    /// <param name="end">The range end (exclusive).</param>
    /// <param name="cancellationToken">Cancels between chunks.</param>
    /// <returns>One result per view.</returns>
    public async ValueTask<IReadOnlyList<MaterializationResult>> MaterializeIncrementalAsync(DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        var results = new List<MaterializationResult>();
        var definitions = _definitions;
        var endMicros = Micros.From(end);
        foreach (var view in definitions.Views.Values.Where(v => v.Online).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            var start = await _materializer.GetWatermarkAsync(view.Name, cancellationToken).ConfigureAwait(false) ?? Micros.From(DateTimeOffset.UnixEpoch.AddYears(-1000));
            if (start >= endMicros)
            {
                results.Add(new MaterializationResult(view.Name, Micros.ToDateTime(start), end, 0, 0, 0));
                continue;
            }

            results.Add(await _materializer.RunAsync(view, ContextFor(definitions, view.Source), start, endMicros, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Pushes rows to a push source: appended to its offline log, and written (monotonically) to the online store of every online view over it.</summary>
    /// <param name="pushSource">The push source's name.</param>
    /// <param name="rows">The rows: join keys, timestamps and features of the views over the source.</param>
    /// <param name="cancellationToken">Cancels the push.</param>
    /// <returns>The number of online rows written.</returns>
    public async ValueTask<int> PushAsync(string pushSource, RecordBatch rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pushSource);
        ArgumentNullException.ThrowIfNull(rows);
        var definitions = _definitions;
        if (!definitions.Sources.TryGetValue(pushSource, out var source) || source is not PushSource)
        {
            throw new NotFoundException($"There is no push source '{pushSource}'.");
        }

        var views = definitions.Views.Values.Where(v => ReferenceEquals(v.Source, source)).ToList();
        foreach (var view in views)
        {
            SourceSchemaCheck.Check(view, rows.Schema);
        }

        await _pushLog.AppendAsync(pushSource, rows, cancellationToken).ConfigureAwait(false);
        var written = 0;
        foreach (var view in views.Where(v => v.Online))
        {
            var online = Materializer.LatestPerKey(view, rows, long.MinValue, long.MaxValue);
            await Workspace.Database.WriteAsync(
                async (connection, transaction, ct) => await _online.WriteAsync(connection, transaction, view.Name, online, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            written += online.Count;
        }

        return written;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _online.DisposeAsync();

    internal FeatureSourceContext ContextFor(FeatureDefinitions definitions, FeatureSource source) => new(Workspace, definitions.ColumnTypesFor(source));

    private CompiledFeatureService Compile(string service)
    {
        var definitions = _definitions;
        var compiled = CompiledFeatureService.Compile(definitions, service, definitions.GetService(service).Features);
        _compiled[service] = compiled;
        return compiled;
    }

    private Task<HistoricalRetrieval> PrepareHistoricalAsync(IReadOnlyList<FeatureReference> features, CancellationToken cancellationToken)
    {
        var definitions = _definitions;
        return HistoricalRetrieval.PrepareAsync(definitions, features, source => ContextFor(definitions, source), Options.Historical, cancellationToken);
    }

    private async ValueTask<CsvOptions> EntityCsvOptionsAsync(string path, IReadOnlyList<FeatureReference> features, CancellationToken cancellationToken)
    {
        var definitions = _definitions;
        var options = new CsvOptions { SourceName = path, ChunkRows = Options.Historical.ChunkRows };
        var schema = await CsvReader.InferSchemaAsync(path, new CsvOptions { InferenceSampleRows = 1 }, cancellationToken).ConfigureAwait(false);
        var header = schema.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        if (header.Contains(Options.Historical.EntityTimestampColumn))
        {
            options.ColumnTypes[Options.Historical.EntityTimestampColumn] = DataType.Timestamp;
        }

        foreach (var view in features.Select(f => f.View).Where(definitions.Views.ContainsKey).Select(v => definitions.Views[v]))
        {
            foreach (var key in view.JoinKeys.Where(k => k.Type == FeatureType.String && header.Contains(k.Name)))
            {
                options.ColumnTypes[key.Name] = DataType.String;
            }
        }

        return options;
    }

    private async ValueTask ValidateDataAsync(FeatureDefinitions definitions, CancellationToken cancellationToken)
    {
        foreach (var view in definitions.Views.Values.OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            if (view.Source is PushSource)
            {
                continue;
            }

            await using var batches = view.Source.ReadBatchesAsync(ContextFor(definitions, view.Source), cancellationToken).GetAsyncEnumerator(cancellationToken);
            if (await batches.MoveNextAsync().ConfigureAwait(false))
            {
                SourceSchemaCheck.Check(view, batches.Current.Schema);
            }
        }
    }
}
