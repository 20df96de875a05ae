using MLOps.Testing;
using MLOps.Tracking.Runs;

namespace MLOps.Tracking.Tests.Runs;

public sealed class RunSourceCaptureTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Other = "fedcba9876543210fedcba9876543210fedcba98";
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_branch_is_read_from_a_loose_ref_then_from_packed_refs()
    {
        var git = Directory.CreateDirectory(_folder.Combine("repo", ".git")).FullName;
        var deep = Directory.CreateDirectory(_folder.Combine("repo", "src", "app")).FullName;
        File.WriteAllText(Path.Combine(git, "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(git, "packed-refs"), $"# pack-refs with: peeled\n{Other} refs/heads/other\n{Commit} refs/heads/main\n");
        Assert.Equal(Commit, RunSourceCapture.FindGitCommit(deep));
        Directory.CreateDirectory(Path.Combine(git, "refs", "heads"));
        File.WriteAllText(Path.Combine(git, "refs", "heads", "main"), Other + "\n");
        Assert.Equal(Other, RunSourceCapture.FindGitCommit(deep));
    }

    [Fact]
    public void A_detached_head_a_worktree_pointer_and_no_repository_are_handled()
    {
        var git = Directory.CreateDirectory(_folder.Combine("main", ".git")).FullName;
        File.WriteAllText(Path.Combine(git, "HEAD"), Commit);
        Assert.Equal(Commit, RunSourceCapture.FindGitCommit(_folder.Combine("main")));

        var worktreeGit = Directory.CreateDirectory(Path.Combine(git, "worktrees", "wt")).FullName;
        File.WriteAllText(Path.Combine(worktreeGit, "HEAD"), "ref: refs/heads/feature");
        File.WriteAllText(Path.Combine(worktreeGit, "commondir"), "../..");
        Directory.CreateDirectory(Path.Combine(git, "refs", "heads"));
        File.WriteAllText(Path.Combine(git, "refs", "heads", "feature"), Other);
        var worktree = Directory.CreateDirectory(_folder.Combine("wt")).FullName;
        File.WriteAllText(Path.Combine(worktree, ".git"), "gitdir: " + worktreeGit);
        Assert.Equal(Other, RunSourceCapture.FindGitCommit(worktree));

        File.WriteAllText(Path.Combine(git, "HEAD"), "not a commit");
        Assert.Null(RunSourceCapture.FindGitCommit(_folder.Combine("main")));
        Assert.Null(RunSourceCapture.FindGitCommit(Path.GetPathRoot(_folder.Path)!));
    }

    [Fact]
    public void Capture_records_user_host_and_entry_assembly()
    {
        var source = RunSourceCapture.Capture("me");
        Assert.Equal("me", source.User);
        Assert.Equal(Environment.MachineName, source.Host);
        Assert.NotNull(source.EntryAssembly);
    }
}
