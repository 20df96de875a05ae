using System.Data.Common;
using MLOps.Storage.Sql;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking.Runs;

/// <summary>The identity and state of a stored run, as writes need it.</summary>
internal sealed record RunRow(long Seq, string Id, long ExperimentId, RunStatus Status, long? DeletedAt)
{
    /// <summary>Finds a run by id.</summary>
    /// <exception cref="ValidationException">The id is malformed.</exception>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    public static async ValueTask<RunRow> RequireAsync(TrackingContext context, DbConnection connection, DbTransaction? transaction, string runId, CancellationToken cancellationToken)
    {
        TrackingNames.RunId(runId);
        await using var command = connection.CreateCommand(
            $"SELECT run_seq, experiment_id, status, deleted_at FROM {context.Tables.Runs} WHERE run_id = @id", transaction, ("id", runId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new NotFoundException($"Run '{runId}' does not exist in {context.Database.Description}.");
        }

        return new RunRow(reader.Int64(0), runId, reader.Int64(1), RunStatusNames.Parse(reader.GetString(2)), reader.NullableInt64(3));
    }

    /// <summary>Finds a run that may be written to: it exists and is not deleted.</summary>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    /// <exception cref="ConflictException">The run is deleted.</exception>
    public static async ValueTask<RunRow> RequireActiveAsync(TrackingContext context, DbConnection connection, DbTransaction? transaction, string runId, CancellationToken cancellationToken)
    {
        var row = await RequireAsync(context, connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        if (row.DeletedAt is not null)
        {
            throw new ConflictException($"Run '{runId}' is deleted; restore it (tracking.Runs.RestoreAsync) before changing it.");
        }

        return row;
    }
}
