using System.Data.Common;
using Npgsql;

namespace MLOps.Storage.PostgreSql;

/// <summary>
/// A workspace's metadata in PostgreSQL: a pooled <see cref="NpgsqlDataSource"/> and the PostgreSQL
/// dialect. Thread-safe; dispose it (or the workspace) to close the pool.
/// </summary>
public sealed class PostgreSqlDatabase : ISqlDatabase, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the database over a connection string.</summary>
    /// <param name="connectionString">An Npgsql connection string, for example <c>Host=127.0.0.1;Database=mlops;Username=mlops;Password=…</c>.</param>
    /// <exception cref="ValidationException">The connection string cannot be parsed.</exception>
    public PostgreSqlDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ValidationException($"The PostgreSQL connection string is not valid: {e.Message}", e);
        }

        Description = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <inheritdoc />
    public ISqlDialect Dialect => PostgreSqlDialect.Instance;

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
