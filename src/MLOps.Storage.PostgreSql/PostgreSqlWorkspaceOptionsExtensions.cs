using MLOps.Storage.PostgreSql;

namespace MLOps.Storage;

/// <summary>Selects PostgreSQL for a workspace's metadata.</summary>
public static class PostgreSqlWorkspaceOptionsExtensions
{
    /// <summary>
    /// Keeps the workspace's metadata in PostgreSQL; blobs stay in the workspace folder. Each module's
    /// tables go into a schema named after the module.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="connectionString">The server's connection string.</param>
    /// <returns>The same options.</returns>
    public static WorkspaceOptions UsePostgreSql(this WorkspaceOptions options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        options.Provider = WorkspaceOptions.PostgreSqlProvider;
        options.ConnectionString = connectionString;
        return options;
    }
}
