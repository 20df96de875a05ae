namespace MLOps.Storage;

/// <summary>
/// How to open an <see cref="MLOpsWorkspace"/>. Plain settings with documented defaults; validated
/// when the workspace opens, and a bad setting fails naming the option.
/// </summary>
public sealed class WorkspaceOptions
{
    /// <summary>The name of the database provider for SQLite.</summary>
    public const string SqliteProvider = "sqlite";

    /// <summary>The name of the database provider for PostgreSQL (needs the MLOps.Storage.PostgreSql package).</summary>
    public const string PostgreSqlProvider = "postgresql";

    /// <summary>
    /// The workspace folder: it holds <c>objects/</c> (the blobs), <c>mlops.db</c> when the metadata is in
    /// SQLite, and an optional <c>config.json</c>.
    /// </summary>
    /// <value>The default value is <c>.mlops</c> (relative to the current directory).</value>
    public string Path { get; set; } = ".mlops";

    /// <summary>
    /// The metadata database provider, <see cref="SqliteProvider"/> or <see cref="PostgreSqlProvider"/>.
    /// When null, the workspace's <c>config.json</c> decides, and without one SQLite is used.
    /// </summary>
    /// <value>The default value is null.</value>
    public string? Provider { get; set; }

    /// <summary>The provider's connection string (PostgreSQL only; SQLite always uses <c>mlops.db</c> in the folder).</summary>
    /// <value>The default value is null.</value>
    public string? ConnectionString { get; set; }

    /// <summary>An already-built database; when set it wins over <see cref="Provider"/> and <c>config.json</c>.</summary>
    /// <value>The default value is null.</value>
    public ISqlDatabase? Database { get; set; }

    /// <summary>How long a SQLite writer waits for another process's write lock before failing.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock used for every timestamp the workspace records.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ValidationException("WorkspaceOptions.Path is empty: name the workspace folder, for example '.mlops'.");
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout > TimeSpan.FromHours(1))
        {
            throw new ValidationException($"WorkspaceOptions.BusyTimeout is {BusyTimeout}; it must be more than zero and at most one hour.");
        }

        if (Provider is not null && !string.Equals(Provider, SqliteProvider, StringComparison.Ordinal) && !string.Equals(Provider, PostgreSqlProvider, StringComparison.Ordinal))
        {
            throw new ValidationException($"WorkspaceOptions.Provider is '{Provider}'; use '{SqliteProvider}' or '{PostgreSqlProvider}'.");
        }

        if (string.Equals(Provider, PostgreSqlProvider, StringComparison.Ordinal) && string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ValidationException("WorkspaceOptions.ConnectionString is empty but the provider is 'postgresql': give the server's connection string.");
        }

        if (TimeProvider is null)
        {
            throw new ValidationException("WorkspaceOptions.TimeProvider is null; leave the default or pass a clock.");
        }
    }
}
