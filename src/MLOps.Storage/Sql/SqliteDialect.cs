using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MLOps.Storage.Sql;

/// <summary>
/// The SQLite dialect: module tables carry the module as a prefix (<c>tracking_runs</c>), write
/// transactions are <c>BEGIN IMMEDIATE</c>, bulk insert reuses one prepared statement. Note that
/// SQLite stores a NaN REAL as NULL; modules that must keep NaN encode it themselves.
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    /// <summary>The single instance; the dialect has no state.</summary>
    public static SqliteDialect Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "sqlite";

    /// <inheritdoc />
    protected override char TableSeparator => '_';

    /// <inheritdoc />
    public override string TypeName(SqlType type) => type switch
    {
        SqlType.Int32 or SqlType.Int64 or SqlType.Boolean or SqlType.TimestampMicros => "INTEGER",
        SqlType.Float64 => "REAL",
        SqlType.Text => "TEXT",
        SqlType.Binary => "BLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown SQL type."),
    };

    /// <inheritdoc />
    public override string IdentityColumn(string column) => column + " INTEGER PRIMARY KEY AUTOINCREMENT";

    /// <inheritdoc />
    public override ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        cancellationToken.ThrowIfCancellationRequested();

        // Serializable maps to BEGIN IMMEDIATE: the write lock is taken (waiting up to the busy
        // timeout) before the first read, so a read-then-write never fails half-way with SQLITE_BUSY.
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false));
    }

    /// <inheritdoc />
    public override async ValueTask<long> BulkInsertAsync(
        DbTransaction transaction,
        string table,
        IReadOnlyList<string> columns,
        IReadOnlyList<SqlType> types,
        IEnumerable<object?[]> rows,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var connection = (SqliteConnection)transaction.Connection!;
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = new SqliteParameter[columns.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = command.Parameters.Add("$p" + i, SqliteTypeOf(types[i]));
        }

        command.Prepare();
        long count = 0;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (row.Length != parameters.Length)
            {
                throw new ValidationException($"Bulk insert into {table}: row {count + 1} has {row.Length} values for {parameters.Length} columns.");
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = row[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
            count++;
        }

        return count;
    }

    /// <inheritdoc />
    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    /// <inheritdoc />
    public override bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    private static SqliteType SqliteTypeOf(SqlType type) => type switch
    {
        SqlType.Float64 => SqliteType.Real,
        SqlType.Text => SqliteType.Text,
        SqlType.Binary => SqliteType.Blob,
        _ => SqliteType.Integer,
    };
}
