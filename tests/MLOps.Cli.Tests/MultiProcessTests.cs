using MLOps.Testing;

namespace MLOps.Cli.Tests;

/// <summary>Real processes sharing one workspace: the mlops executable, started several times at once.</summary>
public sealed class MultiProcessTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Four_processes_create_and_write_one_workspace_at_the_same_time()
    {
        var workspace = _folder.Combine(".mlops");
        var files = Enumerable.Range(0, 4).Select(i =>
        {
            var path = _folder.Combine($"file{i}.bin");
            File.WriteAllBytes(path, Enumerable.Repeat((byte)i, 100_000 + i).ToArray());
            return path;
        }).ToList();

        // Every process opens a workspace that may not exist yet: the folder, the database, WAL mode
        // and the core migration all race, and all must succeed.
        var runs = files.Select(f => RunMlopsAsync("blobs", "put", f, "-w", workspace, "--json")).ToList();
        var results = await Task.WhenAll(runs);
        foreach (var (exitCode, output, error) in results)
        {
            Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
            Assert.Contains("\"created\": true", output, StringComparison.Ordinal);
        }

        var list = await RunMlopsAsync("blobs", "list", "-w", workspace, "--json");
        Assert.Equal(4, System.Text.Json.JsonDocument.Parse(list.Output).RootElement.GetProperty("blobs").GetArrayLength());
        var info = await RunMlopsAsync("workspace", "info", "-w", workspace, "--json");
        Assert.Equal(0, info.ExitCode);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunMlopsAsync(params string[] args)
    {
        using var process = MlopsProcess.Start(args);
        return await process.ResultAsync(TimeSpan.FromMinutes(2));
    }
}
