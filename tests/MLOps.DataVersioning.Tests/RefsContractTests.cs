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
}

public sealed class SqliteRefsContractTests : RefsContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlRefsContractTests : RefsContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
