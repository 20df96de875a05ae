namespace MLOps.Storage;

/// <summary>
/// Creates the metadata database for a provider name found in options or <c>config.json</c>. The
/// PostgreSQL package implements it; the workspace finds it by its well-known type name, so switching
/// a workspace to PostgreSQL needs only the package reference and configuration.
/// </summary>
public interface ISqlDatabaseProvider
{
    /// <summary>The provider's name, such as <c>postgresql</c>.</summary>
    string Name { get; }

    /// <summary>Creates the database for a connection string.</summary>
    /// <param name="connectionString">The provider's connection string.</param>
    /// <returns>The database.</returns>
    ISqlDatabase Create(string connectionString);
}
