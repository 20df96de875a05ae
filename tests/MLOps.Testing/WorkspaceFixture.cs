using MLOps.Storage;

namespace MLOps.Testing;

/// <summary>
/// Opens a workspace on a given metadata backend for a contract test: a temp folder always, plus a
/// fresh PostgreSQL database for the PostgreSQL backend. Disposing removes both.
/// </summary>
public sealed class WorkspaceFixture : IAsyncDisposable
{
    private readonly PostgresServer.TestDatabase? _database;

    private WorkspaceFixture(TempDirectory folder, MLOpsWorkspace workspace, WorkspaceOptions options, PostgresServer.TestDatabase? database)
    {
        Folder = folder;
        Workspace = workspace;
        Options = options;
        _database = database;
    }

    public TempDirectory Folder { get; }

    public MLOpsWorkspace Workspace { get; }

    /// <summary>The options the workspace was opened with, to open it again (another "process").</summary>
    public WorkspaceOptions Options { get; }

    public static async Task<WorkspaceFixture> CreateAsync(StorageBackend backend, TimeProvider? timeProvider = null)
    {
        var folder = new TempDirectory();
        PostgresServer.TestDatabase? database = null;
        var options = new WorkspaceOptions { Path = folder.Combine(".mlops"), TimeProvider = timeProvider ?? TimeProvider.System };
        if (backend == StorageBackend.PostgreSql)
        {
            database = await PostgresServer.CreateDatabaseAsync();
            options.UsePostgreSql(database.ConnectionString);
        }

        var workspace = await MLOpsWorkspace.OpenAsync(options);
        return new WorkspaceFixture(folder, workspace, options, database);
    }

    public async ValueTask DisposeAsync()
    {
        await Workspace.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Folder.Dispose();
    }
}

/// <summary>The metadata backends every contract suite runs on.</summary>
public enum StorageBackend
{
    Sqlite,
    PostgreSql,
}
