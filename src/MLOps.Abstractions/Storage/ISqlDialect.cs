using System.Data.Common;

namespace MLOps.Storage;

/// <summary>
/// The SQL dialect seam: what differs between SQLite and PostgreSQL, so that each module writes its
/// SQL once. Parameters are written <c>@name</c> in every dialect. Implementations are immutable and
/// thread-safe.
/// </summary>
public interface ISqlDialect
{
    /// <summary>The dialect's name: <c>sqlite</c> or <c>postgresql</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The qualified name of a module's table: a prefix on SQLite (<c>tracking_runs</c>), a schema on
    /// PostgreSQL (<c>tracking.runs</c>).
    /// </summary>
    /// <param name="module">The owning module, lower-case letters, digits and underscores.</param>
    /// <param name="table">The table's name within the module.</param>
    /// <returns>The name to use in SQL.</returns>
    string Table(string module, string table);

    /// <summary>The dialect's name for a column type.</summary>
    /// <param name="type">The portable type.</param>
    /// <returns>A type name such as <c>BIGINT</c>.</returns>
    string TypeName(SqlType type);

    /// <summary>A column definition for an auto-numbered 64-bit primary key.</summary>
    /// <param name="column">The column's name.</param>
    /// <returns>For example <c>id INTEGER PRIMARY KEY AUTOINCREMENT</c>.</returns>
    string IdentityColumn(string column);

    /// <summary>
    /// An insert that updates on a key conflict: <c>INSERT … ON CONFLICT (keys) DO UPDATE SET …</c>,
    /// or <c>DO NOTHING</c> when <paramref name="updateColumns"/> is empty. Values are parameters named
    /// after the columns.
    /// </summary>
    /// <param name="table">The qualified table name.</param>
    /// <param name="columns">Every inserted column.</param>
    /// <param name="keyColumns">The conflict target.</param>
    /// <param name="updateColumns">The columns to overwrite on conflict.</param>
    /// <returns>The statement.</returns>
    string Upsert(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns, IReadOnlyList<string> updateColumns);

    /// <summary>Statements that must run before a module's first migration (such as creating its schema).</summary>
    /// <param name="module">The module.</param>
    /// <returns>Zero or more statements.</returns>
    IReadOnlyList<string> PrepareModule(string module);

    /// <summary>
    /// Begins a transaction that holds the write lock from its first statement (SQLite
    /// <c>BEGIN IMMEDIATE</c>), so read-modify-write sequences never deadlock or fail late.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The transaction.</returns>
    ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes a lock, held until the transaction ends, that serializes migrations across processes
    /// (an advisory lock on PostgreSQL; implicit in SQLite's write transaction).
    /// </summary>
    /// <param name="transaction">The open write transaction.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once the lock is held.</returns>
    ValueTask LockForMigrationAsync(DbTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts many rows in one round of work: a reused prepared statement on SQLite, binary COPY on
    /// PostgreSQL. Runs in the given transaction.
    /// </summary>
    /// <param name="transaction">The open write transaction.</param>
    /// <param name="table">The qualified table name.</param>
    /// <param name="columns">The columns, in the order of each row's values.</param>
    /// <param name="types">Each column's type.</param>
    /// <param name="rows">The rows; a null value is SQL NULL.</param>
    /// <param name="cancellationToken">Cancels the insert (the caller rolls back).</param>
    /// <returns>The number of rows inserted.</returns>
    ValueTask<long> BulkInsertAsync(
        DbTransaction transaction,
        string table,
        IReadOnlyList<string> columns,
        IReadOnlyList<SqlType> types,
        IEnumerable<object?[]> rows,
        CancellationToken cancellationToken = default);

    /// <summary>Whether an exception is a unique-constraint violation.</summary>
    /// <param name="exception">The exception from a command.</param>
    /// <returns>True for a unique violation.</returns>
    bool IsUniqueViolation(Exception exception);

    /// <summary>Whether an exception is transient (a busy database, a serialization failure) and the work may be retried.</summary>
    /// <param name="exception">The exception from a command.</param>
    /// <returns>True when a retry may succeed.</returns>
    bool IsTransient(Exception exception);
}
