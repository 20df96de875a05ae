using Microsoft.Extensions.DependencyInjection;
using MLOps.Storage.Sql;
using MLOps.Testing;

namespace MLOps.Storage.Tests.Workspace;

public sealed class WorkspaceTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Opening_a_missing_folder_creates_the_database_in_wal_mode()
    {
        var path = _folder.Combine("nested", ".mlops");
        await using var workspace = await MLOpsWorkspace.OpenAsync(path);
        Assert.True(File.Exists(Path.Combine(path, MLOpsWorkspace.DatabaseFileName)));
        await using var connection = await workspace.OpenConnectionAsync();
        Assert.Equal("wal", await connection.ScalarAsync<string>("PRAGMA journal_mode", null, default));
        Assert.Equal(1L, await connection.ScalarAsync<long>("PRAGMA foreign_keys", null, default));
        Assert.Equal(1L, await connection.ScalarAsync<long>("PRAGMA synchronous", null, default));
        Assert.Equal(30_000L, await connection.ScalarAsync<long>("PRAGMA busy_timeout", null, default));
    }

    [Fact]
    public async Task A_file_where_the_folder_should_be_is_a_validation_error()
    {
        var path = _folder.Combine("file");
        await File.WriteAllTextAsync(path, "x");
        var error = await Assert.ThrowsAsync<ValidationException>(async () => await MLOpsWorkspace.OpenAsync(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Path")]
    [InlineData("ok", "BusyTimeout")]
    [InlineData("ok", "Provider")]
    [InlineData("ok", "ConnectionString")]
    public async Task Bad_options_fail_naming_the_option(string path, string option)
    {
        var options = new WorkspaceOptions { Path = path == "ok" ? _folder.Combine("ws") : path };
        switch (option)
        {
            case "BusyTimeout":
                options.BusyTimeout = TimeSpan.Zero;
                break;
            case "Provider":
                options.Provider = "oracle";
                break;
            case "ConnectionString":
                options.Provider = WorkspaceOptions.PostgreSqlProvider;
                break;
        }

        var error = await Assert.ThrowsAsync<ValidationException>(async () => await MLOpsWorkspace.OpenAsync(options));
        Assert.Contains("WorkspaceOptions." + option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_json_selects_the_provider_and_a_bad_one_is_named()
    {
        var path = _folder.Combine("configured");
        new WorkspaceConfig { Provider = "mysql" }.Write(path);
        var error = await Assert.ThrowsAsync<ValidationException>(async () => await MLOpsWorkspace.OpenAsync(path));
        Assert.Contains("'mysql'", error.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(path, WorkspaceConfig.FileName), "{ not json");
        var bad = await Assert.ThrowsAsync<ValidationException>(async () => await MLOpsWorkspace.OpenAsync(path));
        Assert.Contains(WorkspaceConfig.FileName, bad.Message, StringComparison.Ordinal);

        new WorkspaceConfig { Provider = "postgresql" }.Write(path);
        var missing = await Assert.ThrowsAsync<ValidationException>(async () => await MLOpsWorkspace.OpenAsync(path));
        Assert.Contains("connection string", missing.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Config_json_pointing_at_postgresql_keeps_metadata_on_the_server_and_blobs_in_the_folder()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        var path = _folder.Combine("pg");
        new WorkspaceConfig { Provider = "postgresql", ConnectionString = database.ConnectionString }.Write(path);
        await using var workspace = await MLOpsWorkspace.OpenAsync(path);
        Assert.Equal("postgresql", workspace.Dialect.Name);
        Assert.False(File.Exists(Path.Combine(path, MLOpsWorkspace.DatabaseFileName)));
        var blob = await workspace.Blobs.PutAsync(new byte[] { 42 }.AsMemory());
        Assert.True(File.Exists(workspace.Blobs.GetPath(blob.Hash)));
    }

    [Fact]
    public async Task Dependency_injection_registers_the_workspace_its_blobs_and_database()
    {
        var services = new ServiceCollection();
        services.AddMLOps().UseWorkspace(o => o.Path = _folder.Combine("di"));
        await using var provider = services.BuildServiceProvider();
        var workspace = provider.GetRequiredService<MLOpsWorkspace>();
        Assert.Same(workspace.Blobs, provider.GetRequiredService<IBlobStore>());
        Assert.Same(workspace.Database, provider.GetRequiredService<ISqlDatabase>());
        await workspace.DisposeAsync();
    }

    [Fact]
    public void Dependency_injection_validates_options_at_registration()
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<ValidationException>(() => services.AddMLOps().UseWorkspace(o => o.BusyTimeout = TimeSpan.FromDays(2)));
        Assert.Contains("BusyTimeout", error.Message, StringComparison.Ordinal);
    }
}
