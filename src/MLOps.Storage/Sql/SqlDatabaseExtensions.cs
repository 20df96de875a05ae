using System.Data.Common;

namespace MLOps.Storage.Sql;

/// <summary>
/// Runs units of work against an <see cref="ISqlDatabase"/>: a write transaction that commits when the
/// delegate returns and rolls back when it throws, retried on transient errors (a busy SQLite file, a
/// PostgreSQL serialization failure), so "database is locked" never reaches the caller.
/// </summary>
public static class SqlDatabaseExtensions
{
    private const int MaxAttempts = 8;

    /// <summary>Runs <paramref name="work"/> in a write transaction, retrying transient failures with backoff.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="database">The database.</param>
    /// <param name="work">The unit of work; it may run more than once, so it must not have effects outside the transaction.</param>
    /// <param name="cancellationToken">Cancels the work and the waits between attempts.</param>
    /// <returns>What the work returned from the attempt that committed.</returns>
    public static async ValueTask<T> WriteAsync<T>(this ISqlDatabase database, Func<DbConnection, DbTransaction, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await database.Dialect.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
                var result = await work(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (Exception exception) when (attempt < MaxAttempts && database.Dialect.IsTransient(exception))
            {
                // Jittered exponential backoff: concurrent writers that collided do not collide again in step.
                var delayMs = Math.Min(1000, (1 << attempt) * 5) * (0.5 + Random.Shared.NextDouble());
                await Task.Delay(TimeSpan.FromMilliseconds(delayMs), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction, retrying transient failures with backoff.</summary>
    /// <param name="database">The database.</param>
    /// <param name="work">The unit of work; it may run more than once.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the transaction committed.</returns>
    public static async ValueTask WriteAsync(this ISqlDatabase database, Func<DbConnection, DbTransaction, CancellationToken, ValueTask> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await database.WriteAsync<bool>(
            async (connection, transaction, ct) =>
            {
                await work(connection, transaction, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a connection for reading and runs <paramref name="query"/> on it.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="database">The database.</param>
    /// <param name="query">The reads.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>What the query returned.</returns>
    public static async ValueTask<T> ReadAsync<T>(this ISqlDatabase database, Func<DbConnection, CancellationToken, ValueTask<T>> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await query(connection, cancellationToken).ConfigureAwait(false);
    }
}
