using System.Data.Common;
using System.Globalization;
using MLOps.Storage.Sql;

namespace MLOps.Storage.Migrations;

/// <summary>
/// Applies a module's numbered migrations to a workspace database: each pending migration once, all
/// pending ones in one transaction under a lock that serializes concurrent processes, and each
/// recorded in <c>mlops_migrations</c>. A database that records a newer version than the code knows
/// is refused with <see cref="ConflictException"/>.
/// </summary>
public sealed class MigrationRunner
{
    /// <summary>The table that records applied migrations, shared by every module.</summary>
    public const string HistoryTable = "mlops_migrations";

    private readonly ISqlDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a runner over a database.</summary>
    /// <param name="database">The workspace database.</param>
    /// <param name="timeProvider">The clock for the applied-at time.</param>
    public MigrationRunner(ISqlDatabase database, TimeProvider timeProvider)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>Applies the module's pending migrations.</summary>
    /// <param name="source">The module and its migrations.</param>
    /// <param name="cancellationToken">Cancels before commit; nothing is applied then.</param>
    /// <returns>The versions applied by this call (empty when up to date).</returns>
    /// <exception cref="ValidationException">The migrations are not numbered 1..n or the module name is invalid.</exception>
    /// <exception cref="ConflictException">The database is newer than the code.</exception>
    public async ValueTask<IReadOnlyList<int>> ApplyAsync(IMigrationSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        Validate(source);
        var dialect = _database.Dialect;
        return await _database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                await dialect.LockForMigrationAsync(transaction, ct).ConfigureAwait(false);
                await EnsureHistoryTableAsync(connection, transaction, ct).ConfigureAwait(false);
                var current = await connection.ScalarAsync<long?>(
                    $"SELECT MAX(version) FROM {HistoryTable} WHERE module = @module", transaction, ct, ("module", source.Module)).ConfigureAwait(false) ?? 0;
                var known = source.Migrations.Count;
                if (current > known)
                {
                    throw new ConflictException(
                        $"The workspace database {_database.Description} has module '{source.Module}' at schema version {current}, " +
                        $"but this code knows only up to version {known}. Upgrade the MLOps packages (or the mlops tool) to open it.");
                }

                var applied = new List<int>();
                if (current == 0)
                {
                    foreach (var statement in dialect.PrepareModule(source.Module))
                    {
                        await connection.ExecuteAsync(statement, transaction, ct).ConfigureAwait(false);
                    }
                }

                foreach (var migration in source.Migrations.Skip((int)current))
                {
                    foreach (var statement in migration.Statements(dialect))
                    {
                        await connection.ExecuteAsync(statement, transaction, ct).ConfigureAwait(false);
                    }

                    await connection.ExecuteAsync(
                        $"INSERT INTO {HistoryTable} (module, version, description, applied_at) VALUES (@module, @version, @description, @applied_at)",
                        transaction,
                        ct,
                        ("module", source.Module),
                        ("version", migration.Version),
                        ("description", migration.Description),
                        ("applied_at", (_timeProvider.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10)).ConfigureAwait(false);
                    applied.Add(migration.Version);
                }

                return (IReadOnlyList<int>)applied;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists every applied migration of every module, by module then version.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The applied migrations.</returns>
    public async ValueTask<IReadOnlyList<AppliedMigration>> ListAppliedAsync(CancellationToken cancellationToken = default)
    {
        return await _database.ReadAsync<IReadOnlyList<AppliedMigration>>(
            async (connection, ct) =>
            {
                var result = new List<AppliedMigration>();
                await using var command = connection.CreateCommand(
                    $"SELECT module, version, description, applied_at FROM {HistoryTable} ORDER BY module, version", null);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    result.Add(new AppliedMigration(
                        reader.GetString(0),
                        Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
                        reader.GetString(2),
                        DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(3) * 10)));
                }

                return result;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask EnsureHistoryTableAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var dialect = _database.Dialect;
        await connection.ExecuteAsync(
            $"CREATE TABLE IF NOT EXISTS {HistoryTable} (module {dialect.TypeName(SqlType.Text)} NOT NULL, version {dialect.TypeName(SqlType.Int32)} NOT NULL, " +
            $"description {dialect.TypeName(SqlType.Text)} NOT NULL, applied_at {dialect.TypeName(SqlType.TimestampMicros)} NOT NULL, PRIMARY KEY (module, version))",
            transaction,
            cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(IMigrationSource source)
    {
        SqlDialect.ValidateIdentifier(source.Module, "module name");
        for (var i = 0; i < source.Migrations.Count; i++)
        {
            if (source.Migrations[i].Version != i + 1)
            {
                throw new ValidationException(
                    $"Module '{source.Module}' lists migration {source.Migrations[i].Version} at position {i + 1}; migrations must be numbered 1, 2, 3 … in order without gaps.");
            }
        }
    }
}
