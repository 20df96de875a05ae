using System.Data.Common;
using MLOps.Storage.Blobs;
using MLOps.Storage.Migrations;
using MLOps.Storage.Sql;

namespace MLOps.Storage;

/// <summary>
/// A workspace: one folder holding the content-addressed blobs (<c>objects/</c>) and, by default, the
/// SQLite metadata database (<c>mlops.db</c>); with PostgreSQL the metadata moves to the server and the
/// blobs stay in the folder. The entry point for scripts, the CLI and every module's store. Thread-safe;
/// several processes may open the same workspace at once.
/// </summary>
/// <example>
/// <code>
/// await using var workspace = await MLOpsWorkspace.OpenAsync(".mlops");
/// var blob = await workspace.Blobs.PutAsync(File.OpenRead("model.onnx"));
/// </code>
/// </example>
public sealed class MLOpsWorkspace : IAsyncDisposable
{
    /// <summary>The SQLite file name inside the workspace folder.</summary>
    public const string DatabaseFileName = "mlops.db";

    /// <summary>The blob folder name inside the workspace folder.</summary>
    public const string ObjectsFolderName = "objects";

    private const string PostgreSqlProviderType = "MLOps.Storage.PostgreSql.PostgreSqlDatabaseProvider, MLOps.Storage.PostgreSql";

    private readonly MigrationRunner _migrations;

    private MLOpsWorkspace(string rootPath, ISqlDatabase database, FileBlobStore blobs, TimeProvider timeProvider)
    {
        RootPath = rootPath;
        Database = database;
        Blobs = blobs;
        TimeProvider = timeProvider;
        _migrations = new MigrationRunner(database, timeProvider);
    }

    /// <summary>The full path of the workspace folder.</summary>
    public string RootPath { get; }

    /// <summary>The metadata database (SQLite or PostgreSQL).</summary>
    public ISqlDatabase Database { get; }

    /// <summary>The database's dialect, for modules writing their SQL.</summary>
    public ISqlDialect Dialect => Database.Dialect;

    /// <summary>The content-addressed blob store in <c>objects/</c>.</summary>
    public FileBlobStore Blobs { get; }

    /// <summary>The clock for every recorded time.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Opens the workspace at a folder, creating it (and its database) if missing.</summary>
    /// <param name="path">The workspace folder, for example <c>.mlops</c>.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open workspace; dispose it when done.</returns>
    public static ValueTask<MLOpsWorkspace> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(new WorkspaceOptions { Path = path }, cancellationToken);

    /// <summary>Opens a workspace as the options say, creating the folder and database if missing.</summary>
    /// <param name="options">Where and how.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open workspace; dispose it when done.</returns>
    /// <exception cref="ValidationException">An option is invalid, or the folder is unusable.</exception>
    /// <exception cref="ConflictException">The database was written by a newer version of the suite.</exception>
    public static async ValueTask<MLOpsWorkspace> OpenAsync(WorkspaceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var root = System.IO.Path.GetFullPath(options.Path);
        if (File.Exists(root))
        {
            throw new ValidationException($"The workspace path {root} is a file; a workspace is a folder.");
        }

        Directory.CreateDirectory(root);
        var blobs = new FileBlobStore(System.IO.Path.Combine(root, ObjectsFolderName), options.TimeProvider);
        blobs.RemoveAbandonedTempFiles(TimeSpan.FromDays(1));
        var database = options.Database ?? CreateDatabase(root, options);
        if (database is SqliteDatabase sqlite)
        {
            await sqlite.EnableWriteAheadLogAsync(cancellationToken).ConfigureAwait(false);
        }

        var workspace = new MLOpsWorkspace(root, database, blobs, options.TimeProvider);
        await workspace.MigrateAsync(CoreMigrations.Instance, cancellationToken).ConfigureAwait(false);
        return workspace;
    }

    /// <summary>
    /// Brings a module's tables up to date: applies its pending migrations once, in a transaction, under
    /// a lock shared with other processes. Modules call it when their store is created.
    /// </summary>
    /// <param name="source">The module's migrations.</param>
    /// <param name="cancellationToken">Cancels before commit.</param>
    /// <returns>The versions this call applied.</returns>
    /// <exception cref="ConflictException">The database has a newer version of the module than the code.</exception>
    public ValueTask<IReadOnlyList<int>> MigrateAsync(IMigrationSource source, CancellationToken cancellationToken = default) =>
        _migrations.ApplyAsync(source, cancellationToken);

    /// <summary>Lists the migrations applied to this workspace's database.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Every applied migration, by module and version.</returns>
    public ValueTask<IReadOnlyList<AppliedMigration>> GetAppliedMigrationsAsync(CancellationToken cancellationToken = default) =>
        _migrations.ListAppliedAsync(cancellationToken);

    /// <summary>Opens a connection to the metadata database.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>An open connection the caller disposes.</returns>
    public ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        Database.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Database is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    private static ISqlDatabase CreateDatabase(string root, WorkspaceOptions options)
    {
        var provider = options.Provider;
        var connectionString = options.ConnectionString;
        if (provider is null)
        {
            var config = WorkspaceConfig.Read(root);
            provider = config?.Provider ?? WorkspaceOptions.SqliteProvider;
            connectionString = config?.ConnectionString;
        }

        if (string.Equals(provider, WorkspaceOptions.SqliteProvider, StringComparison.Ordinal))
        {
            return new SqliteDatabase(System.IO.Path.Combine(root, DatabaseFileName), options.BusyTimeout);
        }

        if (!string.Equals(provider, WorkspaceOptions.PostgreSqlProvider, StringComparison.Ordinal))
        {
            throw new ValidationException($"The workspace {root} names database provider '{provider}'; use 'sqlite' or 'postgresql'.");
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ValidationException($"The workspace {root} uses PostgreSQL but has no connection string.");
        }

        var type = Type.GetType(PostgreSqlProviderType, throwOnError: false)
            ?? throw new ValidationException($"The workspace {root} uses PostgreSQL: reference the MLOps.Storage.PostgreSql package.");
        var factory = (ISqlDatabaseProvider)Activator.CreateInstance(type)!;
        return factory.Create(connectionString);
    }
}
