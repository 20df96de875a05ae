namespace MLOps.Storage.PostgreSql;

/// <summary>
/// Creates <see cref="PostgreSqlDatabase"/> for workspaces whose options or <c>config.json</c> name the
/// provider <c>postgresql</c>; the workspace finds this type by name.
/// </summary>
public sealed class PostgreSqlDatabaseProvider : ISqlDatabaseProvider
{
    /// <inheritdoc />
    public string Name => WorkspaceOptions.PostgreSqlProvider;

    /// <inheritdoc />
    public ISqlDatabase Create(string connectionString) => new PostgreSqlDatabase(connectionString);
}
