using System.Data.Common;

namespace MLOps.Storage;

/// <summary>
/// The SQL seam's connection side: opens configured connections to the workspace's metadata
/// database and names its dialect. Thread-safe; each caller owns and disposes its connection.
/// </summary>
public interface ISqlDatabase
{
    /// <summary>The database's dialect.</summary>
    ISqlDialect Dialect { get; }

    /// <summary>A description of where the database is, safe to print (no password).</summary>
    string Description { get; }

    /// <summary>Opens a connection ready for use (pragmas applied on SQLite).</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>An open connection the caller disposes.</returns>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);
}
