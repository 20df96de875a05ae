using System.Data.Common;
using MLOps.Lineage;
using MLOps.Storage.Sql;
using MLOps.Tracking.Registry;
using MLOps.Tracking.Runs;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking;

/// <summary>
/// Lineage queries over run inputs and model versions: which runs used a dataset (at one commit or any),
/// which model versions were produced by those runs, and what a model version was trained on. Reached
/// through <see cref="TrackingStore.Lineage"/>. Soft-deleted runs are left out. Thread-safe.
/// </summary>
public sealed class LineageCatalog
{
    private readonly TrackingContext _context;
    private readonly RunReader _reader;
    private readonly ModelRows _models;

    internal LineageCatalog(TrackingContext context)
    {
        _context = context;
        _reader = new RunReader(context);
        _models = new ModelRows(context);
    }

    /// <summary>The runs that recorded exactly this input (such as <c>dataset:churn@3f2a9c1</c>), oldest first.</summary>
    /// <param name="input">The reference.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The runs.</returns>
    public ValueTask<IReadOnlyList<Run>> FindRunsUsingAsync(LineageReference input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return FindRunsAsync("i.reference = @value", input.ToString(), cancellationToken);
    }

    /// <summary>The runs that used any commit of a dataset, oldest first.</summary>
    /// <param name="datasetName">The dataset name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The runs.</returns>
    public ValueTask<IReadOnlyList<Run>> FindRunsUsingDatasetAsync(string datasetName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(datasetName);
        return FindRunsAsync("i.kind = 'dataset' AND i.name = @value", datasetName, cancellationToken);
    }

    /// <summary>The model versions produced by runs that recorded exactly this input.</summary>
    /// <param name="input">The reference, such as <c>dataset:churn@3f2a9c1</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The versions by model and number.</returns>
    public ValueTask<IReadOnlyList<ModelVersion>> FindModelVersionsUsingAsync(LineageReference input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return FindVersionsAsync("i.reference = @value", input.ToString(), cancellationToken);
    }

    /// <summary>The model versions produced by runs that used any commit of a dataset.</summary>
    /// <param name="datasetName">The dataset name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The versions by model and number.</returns>
    public ValueTask<IReadOnlyList<ModelVersion>> FindModelVersionsUsingDatasetAsync(string datasetName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(datasetName);
        return FindVersionsAsync("i.kind = 'dataset' AND i.name = @value", datasetName, cancellationToken);
    }

    /// <summary>What a model version was trained on: the inputs of the run that produced it (empty when it has no run).</summary>
    /// <param name="version">The version, such as <c>model:churn/3</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The inputs.</returns>
    /// <exception cref="NotFoundException">The model or version does not exist.</exception>
    public ValueTask<IReadOnlyList<RunInput>> GetInputsOfAsync(ModelVersionReference version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _context.Database.ReadAsync<IReadOnlyList<RunInput>>(
            async (connection, ct) =>
            {
                var found = await _models.RequireVersionAsync(connection, null, version.Name, version.Version, ct).ConfigureAwait(false);
                if (found.RunId is null)
                {
                    return [];
                }

                var run = await _reader.GetAsync(connection, found.RunId, ct).ConfigureAwait(false);
                return run.Inputs;
            },
            cancellationToken);
    }

    private ValueTask<IReadOnlyList<Run>> FindRunsAsync(string condition, string value, CancellationToken cancellationToken) =>
        _context.Database.ReadAsync(
            async (connection, ct) =>
            {
                var seqs = new List<long>();
                var sql = $"SELECT DISTINCT r.run_seq FROM {_context.Tables.Inputs} i JOIN {_context.Tables.Runs} r ON r.run_seq = i.run_seq " +
                    $"WHERE {condition} AND r.deleted_at IS NULL ORDER BY r.run_seq";
                await using (var command = connection.CreateCommand(sql, null, ("value", value)))
                await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        seqs.Add(reader.Int64(0));
                    }
                }

                return await _reader.ReadAsync(connection, seqs, ct).ConfigureAwait(false);
            },
            cancellationToken);

    private ValueTask<IReadOnlyList<ModelVersion>> FindVersionsAsync(string condition, string value, CancellationToken cancellationToken) =>
        _context.Database.ReadAsync(
            (DbConnection connection, CancellationToken ct) => _models.ReadVersionsAsync(
                connection,
                null,
                $"v.run_id IN (SELECT r.run_id FROM {_context.Tables.Inputs} i JOIN {_context.Tables.Runs} r ON r.run_seq = i.run_seq WHERE {condition} AND r.deleted_at IS NULL)",
                [("value", value)],
                ct),
            cancellationToken);
}
