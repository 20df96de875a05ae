using System.Text.Json;
using MLOps.Storage;
using MLOps.Testing;

namespace MLOps.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private string Workspace => _folder.Combine(".mlops");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Version_prints_the_version_and_exits_zero()
    {
        var result = await CliRunner.RunAsync("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Output.Trim());
    }

    [Fact]
    public async Task Init_creates_the_workspace_and_reports_it_as_exact_json()
    {
        var result = await CliRunner.RunAsync("init", "--workspace", Workspace, "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        var json = result.Json;
        Assert.Equal(Path.GetFullPath(Workspace), json.GetProperty("workspace").GetString());
        Assert.True(json.GetProperty("created").GetBoolean());
        Assert.Equal("sqlite", json.GetProperty("provider").GetString());
        Assert.Contains(json.GetProperty("migrations").EnumerateArray(), m => m.GetProperty("module").GetString() == "core" && m.GetProperty("version").GetInt32() == 1);
        Assert.True(File.Exists(Path.Combine(Workspace, MLOpsWorkspace.DatabaseFileName)));

        var again = await CliRunner.RunAsync("init", "--workspace", Workspace, "--json");
        Assert.False(again.Json.GetProperty("created").GetBoolean());
    }

    [Fact]
    public async Task Init_prints_a_readable_summary_without_json()
    {
        var result = await CliRunner.RunAsync("init", "-w", Workspace);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Created workspace", result.Output, StringComparison.Ordinal);
        Assert.Contains("core v1", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_exit_one_with_one_line_on_stderr_and_a_stack_trace_only_when_verbose()
    {
        var result = await CliRunner.RunAsync("blobs", "get", "not-a-hash", "--out", _folder.Combine("x"), "-w", Workspace);
        Assert.Equal(1, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("mlops: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("64 hexadecimal characters", lines[0], StringComparison.Ordinal);

        var verbose = await CliRunner.RunAsync("blobs", "get", "not-a-hash", "--out", _folder.Combine("x"), "-w", Workspace, "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains(" at ", verbose.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_commands_and_missing_arguments_exit_one_with_one_line()
    {
        foreach (var args in new[] { new[] { "frobnicate" }, ["blobs", "put"] })
        {
            var result = await CliRunner.RunAsync(args);
            Assert.Equal(1, result.ExitCode);
            Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("mlops: ", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Workspace_info_on_a_missing_folder_is_not_found()
    {
        var result = await CliRunner.RunAsync("workspace", "info", "-w", _folder.Combine("missing"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("mlops init", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blobs_put_get_list_and_verify_round_trip_and_detect_corruption()
    {
        var file = _folder.Combine("model.bin");
        await File.WriteAllBytesAsync(file, Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());

        var put = await CliRunner.RunAsync("blobs", "put", file, "-w", Workspace, "--json");
        Assert.Equal(0, put.ExitCode);
        var hash = put.Json.GetProperty("hash").GetString()!;
        Assert.Equal(ContentHash.Compute(await File.ReadAllBytesAsync(file)).ToString(), hash);
        Assert.Equal(5000, put.Json.GetProperty("size").GetInt64());

        var copy = _folder.Combine("copy.bin");
        var get = await CliRunner.RunAsync("blobs", "get", hash, "--out", copy, "-w", Workspace);
        Assert.Equal(0, get.ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(copy));

        var list = await CliRunner.RunAsync("blobs", "list", "-w", Workspace, "--json");
        Assert.Equal(hash, list.Json.GetProperty("blobs")[0].GetProperty("hash").GetString());

        var info = await CliRunner.RunAsync("workspace", "info", "-w", Workspace, "--json");
        Assert.Equal(1, info.Json.GetProperty("blobs").GetInt64());
        Assert.Equal(5000, info.Json.GetProperty("blob_bytes").GetInt64());

        Assert.Equal(0, (await CliRunner.RunAsync("blobs", "verify", "-w", Workspace)).ExitCode);
        var stored = Path.Combine(Workspace, "objects", hash[..2], hash[2..]);
        await File.WriteAllBytesAsync(stored, [1, 2, 3]);
        var verify = await CliRunner.RunAsync("blobs", "verify", "-w", Workspace, "--json");
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains(stored, verify.Error, StringComparison.Ordinal);
        Assert.Equal(1, verify.Json.GetProperty("corrupt").GetArrayLength());

        var corruptGet = await CliRunner.RunAsync("blobs", "get", hash, "--out", _folder.Combine("bad.bin"), "-w", Workspace);
        Assert.Equal(1, corruptGet.ExitCode);
        Assert.False(File.Exists(_folder.Combine("bad.bin")));
    }

    [SkippableFact]
    public async Task Init_with_postgres_records_the_provider_so_later_commands_use_it()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        var init = await CliRunner.RunAsync("init", "-w", Workspace, "--postgres", database.ConnectionString, "--json");
        Assert.Equal(0, init.ExitCode);
        Assert.Equal("postgresql", init.Json.GetProperty("provider").GetString());
        var info = await CliRunner.RunAsync("workspace", "info", "-w", Workspace, "--json");
        Assert.Equal("postgresql", info.Json.GetProperty("provider").GetString());
        Assert.DoesNotContain("Password", info.Output, StringComparison.OrdinalIgnoreCase);
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public void Json_output_uses_snake_case_and_keeps_non_finite_numbers()
    {
        var writer = new StringWriter();
        Output.JsonOutput.Write(writer, new { LogSeconds = double.NaN, SearchMs = 1.5 });
        var json = JsonDocument.Parse(writer.ToString()).RootElement;
        Assert.Equal("NaN", json.GetProperty("log_seconds").GetString());
        Assert.Equal(1.5, json.GetProperty("search_ms").GetDouble());
    }
}
