using System.Text.Json;
using MLOps.Testing;

namespace MLOps.Cli.Tests.Data;

/// <summary>The <c>mlops data</c> commands, run in-process over a temp workspace and folder.</summary>
public sealed class DataCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-cli-data");

    public DataCommandTests()
    {
        Workspace = _folder.Combine("ws");
        Source = _folder.Combine("src");
        Directory.CreateDirectory(Path.Combine(Source, "sub"));
        var big = new byte[600_000];
        new Random(7).NextBytes(big);
        File.WriteAllBytes(Path.Combine(Source, "big.bin"), big);
        File.WriteAllText(Path.Combine(Source, "a.csv"), "x,y\n1,2\n3,4\n");
        File.WriteAllText(Path.Combine(Source, "sub", "notes.txt"), "hello\n");
    }

    private string Workspace { get; }

    private string Source { get; }

    public void Dispose() => _folder.Dispose();

    private static async Task<JsonElement> JsonAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Json;
    }

    private Task<JsonElement> CommitAsync(string message) => JsonAsync("data", "commit", Source, "--dataset", "churn", "-m", message, "-w", Workspace);

    private static void AssertFails(CliResult result, string expected)
    {
        Assert.Equal(1, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_log_diff_tag_show_and_checkout_work_together()
    {
        var first = await CommitAsync("first");
        var firstId = first.GetProperty("commit").GetString()!;
        Assert.Equal(64, firstId.Length);
        Assert.Equal("churn", first.GetProperty("dataset").GetString());
        Assert.Equal("main", first.GetProperty("branch").GetString());
        Assert.Equal(3, first.GetProperty("files").GetInt32());
        var bytes = first.GetProperty("bytes").GetInt64();
        Assert.True(bytes > 600_000);
        Assert.Equal(bytes, first.GetProperty("new_bytes").GetInt64());
        Assert.False(first.GetProperty("unchanged").GetBoolean());

        var again = await CommitAsync("same");
        Assert.True(again.GetProperty("unchanged").GetBoolean());
        Assert.Equal(firstId, again.GetProperty("commit").GetString());

        await File.AppendAllTextAsync(Path.Combine(Source, "a.csv"), "5,6\n");
        var second = await CommitAsync("second");
        var secondId = second.GetProperty("commit").GetString()!;
        Assert.NotEqual(firstId, secondId);
        Assert.True(second.GetProperty("new_bytes").GetInt64() < 1000, second.ToString());

        var log = (await JsonAsync("data", "log", "churn", "-w", Workspace)).GetProperty("commits").EnumerateArray().ToList();
        Assert.Equal([secondId, firstId], log.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(["second", "first"], log.Select(c => c.GetProperty("message").GetString()));

        var diff = await JsonAsync("data", "diff", firstId[..10], "churn", "-w", Workspace);
        Assert.Equal(["a.csv"], diff.GetProperty("modified").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, diff.GetProperty("added").GetArrayLength());
        Assert.Equal(0, diff.GetProperty("removed").GetArrayLength());
        Assert.Equal(0, diff.GetProperty("renamed").GetArrayLength());
        Assert.True(diff.GetProperty("bytes_changed").GetInt64() > 0);

        var tag = await JsonAsync("data", "tag", "churn", firstId, "v1", "-w", Workspace);
        Assert.Equal(firstId, tag.GetProperty("commit").GetString());
        var show = await JsonAsync("data", "show", "churn@v1", "-w", Workspace);
        Assert.Equal(firstId, show.GetProperty("id").GetString());
        Assert.Equal("churn", show.GetProperty("dataset").GetString());
        Assert.Equal("first", show.GetProperty("message").GetString());
        Assert.Equal(0, show.GetProperty("parents").GetArrayLength());
        Assert.Equal(3, show.GetProperty("files").GetInt32());

        var branch = await JsonAsync("data", "branch", "churn", "dev", "churn@v1", "-w", Workspace);
        Assert.Equal(firstId, branch.GetProperty("commit").GetString());
        var devLog = (await JsonAsync("data", "log", "churn", "--branch", "dev", "-w", Workspace)).GetProperty("commits");
        Assert.Equal(1, devLog.GetArrayLength());

        var target = _folder.Combine("out");
        var checkout = await JsonAsync("data", "checkout", "churn", "--to", target, "-w", Workspace);
        Assert.Equal(secondId, checkout.GetProperty("commit").GetString());
        Assert.Equal(3, checkout.GetProperty("files_written").GetInt32());
        Assert.Equal(0, checkout.GetProperty("files_unchanged").GetInt32());
        Assert.Equal(second.GetProperty("bytes").GetInt64(), checkout.GetProperty("bytes_written").GetInt64());
        foreach (var file in new[] { "big.bin", "a.csv", Path.Combine("sub", "notes.txt") })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Source, file)), await File.ReadAllBytesAsync(Path.Combine(target, file)));
        }

        await File.WriteAllTextAsync(Path.Combine(target, "a.csv"), "edited\n");
        AssertFails(await CliRunner.RunAsync("data", "checkout", "churn@v1", "--to", target, "-w", Workspace), "a.csv");
        Assert.Equal("edited\n", await File.ReadAllTextAsync(Path.Combine(target, "a.csv")));

        var forced = await JsonAsync("data", "checkout", "churn@v1", "--to", target, "--force", "-w", Workspace);
        Assert.Equal(1, forced.GetProperty("files_written").GetInt32());
        Assert.Equal(2, forced.GetProperty("files_unchanged").GetInt32());
        Assert.Equal("x,y\n1,2\n3,4\n", await File.ReadAllTextAsync(Path.Combine(target, "a.csv")));
    }

    [Fact]
    public async Task Human_output_is_short_lines_and_tables()
    {
        await CommitAsync("first");
        var log = await CliRunner.RunAsync("data", "log", "churn", "-w", Workspace);
        Assert.Equal(0, log.ExitCode);
        Assert.Contains("message", log.Output, StringComparison.Ordinal);
        Assert.Contains("first", log.Output, StringComparison.Ordinal);
        var show = await CliRunner.RunAsync("data", "show", "churn", "-w", Workspace);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("files    3", show.Output, StringComparison.Ordinal);
        var diff = await CliRunner.RunAsync("data", "diff", "churn", "churn", "-w", Workspace);
        Assert.Contains("no differences", diff.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_exit_one_with_one_clear_line()
    {
        await CommitAsync("first");
        AssertFails(await CliRunner.RunAsync("data", "show", "nosuch@v9", "-w", Workspace), "no branch or tag named 'v9'");
        AssertFails(await CliRunner.RunAsync("data", "show", "nosuch", "-w", Workspace), "No commit, dataset, branch or tag matches 'nosuch'");
        AssertFails(await CliRunner.RunAsync("data", "checkout", "deadbeef00", "--to", _folder.Combine("x"), "-w", Workspace), "deadbeef00");
        AssertFails(await CliRunner.RunAsync("data", "commit", Source, "-m", "no dataset", "-w", Workspace), "--dataset");
        AssertFails(await CliRunner.RunAsync("data", "log", "churn", "--branch", "nope", "-w", Workspace), "no branch 'nope'");
        AssertFails(await CliRunner.RunAsync("data", "log", "churn", "-w", _folder.Combine("missing-ws")), "no workspace");
    }
}
