using MLOps.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a workspace whose metadata lives in PostgreSQL.</summary>
public static class PostgreSqlMLOpsBuilderExtensions
{
    /// <summary>Registers the workspace with PostgreSQL metadata; blobs stay in the workspace folder.</summary>
    /// <param name="builder">The MLOps builder.</param>
    /// <param name="connectionString">The server's connection string.</param>
    /// <param name="configure">Further workspace options (folder, timeouts).</param>
    /// <returns>The builder.</returns>
    public static IMLOpsBuilder UsePostgreSql(this IMLOpsBuilder builder, string connectionString, Action<WorkspaceOptions>? configure = null) =>
        builder.UseWorkspace(options =>
        {
            configure?.Invoke(options);
            options.UsePostgreSql(connectionString);
        });
}
