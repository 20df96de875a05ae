using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MLOps.Storage.Sql;

/// <summary>
/// The embedded metadata database: one SQLite file in write-ahead-log mode that several processes
/// may share. Every connection it opens has <c>synchronous=NORMAL</c>, foreign keys on and a busy
/// timeout, so writers queue for the lock instead of failing with "database is locked".
/// Thread-safe.
/// </summary>
public sealed class SqliteDatabase : ISqlDatabase
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    /// <summary>Creates the database over a file path (the file is created on first open).</summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="busyTimeout">How long a writer waits for the lock before failing.</param>
    public SqliteDatabase(string path, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public ISqlDialect Dialect => SqliteDialect.Instance;

    /// <inheritdoc />
    public string Description => "sqlite:" + Path;

    /// <inheritdoc />
    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Switches the file to write-ahead logging; persistent, so done once when a workspace is created or opened.</summary>
    /// <param name="cancellationToken">Cancels the switch.</param>
    /// <returns>A task that completes when the journal mode is WAL.</returns>
    internal async ValueTask EnableWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException($"The workspace database {Path} could not switch to write-ahead logging (journal mode is '{mode}'); is it on a network file system?");
        }
    }
}
