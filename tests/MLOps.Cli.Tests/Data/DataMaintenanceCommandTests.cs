using System.Text.Json;
using MLOps.Testing;

namespace MLOps.Cli.Tests.Data;

/// <summary><c>mlops data status|push|pull|gc|verify|used-by</c> and <c>checkout --link</c>, in-process over temp workspaces.</summary>
public sealed class DataMaintenanceCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-cli-datamaint");

    public DataMaintenanceCommandTests()
    {
        Workspace = _folder.Combine("ws");
        Source = _folder.Combine("src");
        Directory.CreateDirectory(Path.Combine(Source, "sub"));
        var big = new byte[300_000];
        new Random(7).NextBytes(big);
        File.WriteAllBytes(Path.Combine(Source, "big.bin"), big);
        File.WriteAllText(Path.Combine(Source, "a.csv"), "x,y\n1,2\n3,4\n");
        File.WriteAllText(Path.Combine(Source, "sub", "notes.txt"), "hello\n");
        foreach (var file in Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-10));
        }
    }

    private string Workspace { get; }

    private string Source { get; }

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories))
        {
            if (!OperatingSystem.IsWindows() && new FileInfo(file).LinkTarget is null)
            {
                File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserWrite);
            }
        }

        _folder.Dispose();
    }

    private static async Task<JsonElement> JsonAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        return result.Json;
    }

    [Fact]
    public async Task Status_lists_changes_against_the_head_and_reads_only_changed_files()
    {
        var before = await JsonAsync("data", "status", Source, "--dataset", "churn", "-w", Workspace);
        Assert.Equal(3, before.GetProperty("added").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("head").ValueKind);

        await JsonAsync("data", "commit", Source, "--dataset", "churn", "-m", "first", "-w", Workspace);
        var clean = await JsonAsync("data", "status", Source, "--dataset", "churn", "-w", Workspace);
        Assert.True(clean.GetProperty("clean").GetBoolean());
        Assert.Equal(0, clean.GetProperty("files_read").GetInt32());

        File.AppendAllText(Path.Combine(Source, "a.csv"), "5,6\n");
        File.Delete(Path.Combine(Source, "sub", "notes.txt"));
        var changed = await JsonAsync("data", "status", Source, "--dataset", "churn", "-w", Workspace);
        Assert.Equal("a.csv", changed.GetProperty("modified")[0].GetString());
        Assert.Equal("sub/notes.txt", changed.GetProperty("deleted")[0].GetString());
        Assert.Equal(1, changed.GetProperty("files_read").GetInt32());
    }

    [Fact]
    public async Task Push_pull_verify_gc_and_used_by_round_trip()
    {
        var remote = _folder.Combine("remote");
        var first = await JsonAsync("data", "commit", Source, "--dataset", "churn", "-m", "first", "-w", Workspace);
        var pushed = await JsonAsync("data", "push", "--remote", remote, "-w", Workspace);
        Assert.True(pushed.GetProperty("objects").GetInt32() > 0);
        Assert.Equal("churn@main", pushed.GetProperty("refs_updated")[0].GetString());

        var clone = _folder.Combine("clone");
        var pulled = await JsonAsync("data", "pull", "--remote", remote, "--dataset", "churn", "-w", clone);
        Assert.Equal(pushed.GetProperty("objects").GetInt32(), pulled.GetProperty("objects").GetInt32());
        var verify = await JsonAsync("data", "verify", "-w", clone);
        Assert.True(verify.GetProperty("healthy").GetBoolean());

        var dry = await JsonAsync("data", "gc", "-w", Workspace);
        Assert.True(dry.GetProperty("dry_run").GetBoolean());
        Assert.Equal(0, dry.GetProperty("removed").GetInt32());

        var usedBy = await JsonAsync("data", "used-by", "churn", "-w", Workspace);
        Assert.Equal(first.GetProperty("commit").GetString(), usedBy.GetProperty("commit").GetString());
        Assert.Equal(0, usedBy.GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public async Task Verify_exits_1_naming_a_damaged_object()
    {
        await JsonAsync("data", "commit", Source, "--dataset", "churn", "-m", "first", "-w", Workspace);
        var objects = Path.Combine(Workspace, "datasets", "objects");
        var victim = Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories).First(f => Path.GetFileName(Path.GetDirectoryName(f))!.Length == 2 && new FileInfo(f).Length > 10_000);
        var bytes = File.ReadAllBytes(victim);
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(victim, bytes);

        var result = await CliRunner.RunAsync(["data", "verify", "-w", Workspace]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(victim, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_with_hardlinks_links_read_only_files()
    {
        await JsonAsync("data", "commit", Source, "--dataset", "churn", "-m", "first", "-w", Workspace);
        var target = _folder.Combine("linked");
        var result = await JsonAsync("data", "checkout", "churn", "--to", target, "--link", "hardlink", "-w", Workspace);
        Assert.Equal("hardlink", result.GetProperty("link").GetString());
        Assert.Equal(3, result.GetProperty("files_written").GetInt32());
        Assert.Equal("x,y\n1,2\n3,4\n", File.ReadAllText(Path.Combine(target, "a.csv")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.False(File.GetUnixFileMode(Path.Combine(target, "a.csv")).HasFlag(UnixFileMode.UserWrite));
        }

        var bad = await CliRunner.RunAsync(["data", "checkout", "churn", "--to", target, "--link", "teleport", "-w", Workspace]);
        Assert.Equal(1, bad.ExitCode);
    }

    [Fact]
    public async Task Diff_reports_csv_rows()
    {
        var first = await JsonAsync("data", "commit", Source, "--dataset", "churn", "-m", "first", "-w", Workspace);
        File.WriteAllText(Path.Combine(Source, "a.csv"), "x,y\n1,2\n5,6\n7,8\n");
        await JsonAsync("data", "commit", Source, "--dataset", "churn", "-m", "second", "-w", Workspace);
        var diff = await JsonAsync("data", "diff", first.GetProperty("commit").GetString()!, "churn", "-w", Workspace);
        var csv = diff.GetProperty("csv")[0];
        Assert.Equal("a.csv", csv.GetProperty("path").GetString());
        Assert.Equal(2, csv.GetProperty("rows_added").GetInt64());
        Assert.Equal(1, csv.GetProperty("rows_removed").GetInt64());
    }
}
