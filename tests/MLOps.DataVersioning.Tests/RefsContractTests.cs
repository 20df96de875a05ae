using System.Text;
using MLOps.Testing;

namespace MLOps.DataVersioning.Tests;

/// <summary>The SQL side of data versioning (commit index, branches with compare-and-swap, tags) on every backend.</summary>
public abstract class RefsContractTests
{
    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task Commits_branches_tags_and_prefixes_work_and_a_racing_commit_conflicts()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend);
        var repo = await DataRepository.OpenAsync(fixture.Workspace);
        var folder = fixture.Folder.Combine("data");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "a.csv"), "x,y\n1,2\n", Encoding.UTF8);

        var first = await repo.CommitAsync(folder, "ds", "first");
        await File.AppendAllTextAsync(Path.Combine(folder, "a.csv"), "3,4\n", Encoding.UTF8);
        var second = await repo.CommitAsync(folder, "ds", "second");
        await repo.TagAsync("ds", first.CommitId.ToString(), "v1");
        await repo.CreateBranchAsync("ds", "exp", "ds@v1");

        Assert.Equal(second.CommitId, await repo.ResolveAsync("ds"));
        Assert.Equal(first.CommitId, await repo.ResolveAsync("ds@v1"));
        Assert.Equal(first.CommitId, await repo.ResolveAsync("ds@exp"));
        Assert.Equal(second.CommitId, await repo.ResolveAsync(second.CommitId.ToString()[..10]));
        Assert.Equal(["second", "first"], (await repo.LogAsync("ds")).Select(c => c.Message));
        await Assert.ThrowsAsync<ConflictException>(async () => await repo.TagAsync("ds", second.CommitId.ToString(), "v1"));
        await Assert.ThrowsAsync<ConflictException>(async () => await repo.CreateBranchAsync("ds", "exp", "ds"));
        await Assert.ThrowsAsync<NotFoundException>(async () => await repo.ResolveAsync("ds@nope"));

        // Two commits from the same parent: the branch moves with compare-and-swap, so the second to arrive conflicts.
        var arrived = 0;
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        repo.BeforeBranchMove = async ct =>
        {
            if (Interlocked.Increment(ref arrived) == 2)
            {
                both.SetResult();
            }

            await both.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        };
        var left = fixture.Folder.Combine("left");
        var right = fixture.Folder.Combine("right");
        Directory.CreateDirectory(left);
        Directory.CreateDirectory(right);
        await File.WriteAllTextAsync(Path.Combine(left, "f.txt"), "left");
        await File.WriteAllTextAsync(Path.Combine(right, "f.txt"), "right");
        var racing = new[] { Task.Run(async () => await repo.CommitAsync(left, "ds", "left")), Task.Run(async () => await repo.CommitAsync(right, "ds", "right")) };
        try
        {
            await Task.WhenAll(racing);
        }
        catch (ConflictException)
        {
        }

        _ = Assert.Single(racing, t => t.IsCompletedSuccessfully);
        Assert.IsType<ConflictException>(Assert.Single(racing, t => t.IsFaulted).Exception!.InnerException);
    }

    [SkippableFact]
    public async Task Push_pull_branch_deletion_and_gc_keep_the_commit_index_and_refs_consistent()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(Backend);
        var repo = await DataRepository.OpenAsync(fixture.Workspace);
        var folder = fixture.Folder.Combine("data");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "a.csv"), "x,y\n1,2\n", Encoding.UTF8);
        var first = await repo.CommitAsync(folder, "ds", "first");
        await repo.TagAsync("ds", "ds", "v1");
        var remote = new DirectoryRemote(fixture.Folder.Combine("remote"));
        await repo.PushAsync(remote);

        // A second workspace on its own metadata (SQLite) pulls, commits on, pushes; the first pulls the fast-forward.
        await using var other = await Storage.MLOpsWorkspace.OpenAsync(fixture.Folder.Combine("other", ".mlops"));
        var clone = await DataRepository.OpenAsync(other);
        await clone.PullAsync(remote, "ds");
        var work = fixture.Folder.Combine("work");
        await clone.CheckoutAsync("ds", work);
        await File.AppendAllTextAsync(Path.Combine(work, "a.csv"), "3,4\n", Encoding.UTF8);
        var second = await clone.CommitAsync(work, "ds", "second");
        await clone.PushAsync(remote, "ds");
        var pulled = await repo.PullAsync(remote, "ds");
        Assert.Equal(["ds@main"], pulled.RefsUpdated);
        Assert.Equal(second.CommitId, await repo.ResolveAsync("ds"));
        Assert.Equal(second.CommitId, await repo.ResolveAsync(second.CommitId.ToString()[..9]));
        Assert.Equal(first.CommitId, await repo.ResolveAsync("ds@v1"));

        await repo.CreateBranchAsync("ds", "tmp", "ds");
        await Assert.ThrowsAsync<ConflictException>(async () => await repo.DeleteBranchAsync("ds", "tmp", first.CommitId));
        Assert.Equal(second.CommitId, await repo.DeleteBranchAsync("ds", "tmp"));
        await Assert.ThrowsAsync<NotFoundException>(async () => await repo.ResolveAsync("ds@tmp"));
        var gc = await repo.CollectGarbageAsync(new GarbageCollectionOptions { GracePeriod = TimeSpan.Zero });
        Assert.Equal(0, gc.Removed);
        Assert.True((await repo.VerifyAsync()).IsHealthy);
    }
}

public sealed class SqliteRefsContractTests : RefsContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlRefsContractTests : RefsContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
