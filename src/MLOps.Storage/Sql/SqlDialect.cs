using System.Data.Common;
using System.Text;

namespace MLOps.Storage.Sql;

/// <summary>
/// What SQLite and PostgreSQL share: both speak <c>INSERT … ON CONFLICT</c> and <c>@name</c>
/// parameters. Concrete dialects supply type names, qualification, locking and bulk insert.
/// </summary>
public abstract class SqlDialect : ISqlDialect
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public string Table(string module, string table)
    {
        ValidateIdentifier(module, "module name");
        ValidateIdentifier(table, "table name");
        return module + TableSeparator + table;
    }

    /// <summary>What joins a module and a table name: <c>_</c> for a prefix, <c>.</c> for a schema.</summary>
    protected abstract char TableSeparator { get; }

    /// <inheritdoc />
    public abstract string TypeName(SqlType type);

    /// <inheritdoc />
    public abstract string IdentityColumn(string column);

    /// <inheritdoc />
    public virtual string Upsert(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns, IReadOnlyList<string> updateColumns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(keyColumns);
        ArgumentNullException.ThrowIfNull(updateColumns);
        if (columns.Count == 0 || keyColumns.Count == 0)
        {
            throw new ArgumentException("An upsert needs at least one column and one key column.", nameof(columns));
        }

        var sql = new StringBuilder();
        sql.Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES (");
        for (var i = 0; i < columns.Count; i++)
        {
            sql.Append(i == 0 ? "@" : ", @").Append(columns[i]);
        }

        sql.Append(") ON CONFLICT (").AppendJoin(", ", keyColumns).Append(')');
        if (updateColumns.Count == 0)
        {
            return sql.Append(" DO NOTHING").ToString();
        }

        sql.Append(" DO UPDATE SET ");
        for (var i = 0; i < updateColumns.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(updateColumns[i]).Append(" = excluded.").Append(updateColumns[i]);
        }

        return sql.ToString();
    }

    /// <inheritdoc />
    public virtual IReadOnlyList<string> PrepareModule(string module) => [];

    /// <inheritdoc />
    public abstract ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public virtual ValueTask LockForMigrationAsync(DbTransaction transaction, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public abstract ValueTask<long> BulkInsertAsync(
        DbTransaction transaction,
        string table,
        IReadOnlyList<string> columns,
        IReadOnlyList<SqlType> types,
        IEnumerable<object?[]> rows,
        CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract bool IsUniqueViolation(Exception exception);

    /// <inheritdoc />
    public abstract bool IsTransient(Exception exception);

    /// <summary>Checks that a module or table name is a plain identifier, so it can be spliced into SQL safely.</summary>
    /// <param name="name">The identifier.</param>
    /// <param name="what">What the identifier names, for the error message.</param>
    /// <exception cref="ValidationException">The name is not lower-case letters, digits and underscores starting with a letter.</exception>
    public static void ValidateIdentifier(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length is > 0 and <= 48 && name[0] is >= 'a' and <= 'z';
        foreach (var c in name)
        {
            valid &= c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_';
        }

        if (!valid)
        {
            throw new ValidationException($"The {what} '{name}' is not a valid SQL identifier: use 1 to 48 lower-case letters, digits and underscores, starting with a letter.");
        }
    }
}
