using System.Text;
using MLOps.Storage;
using MLOps.Testing;

namespace MLOps.DataVersioning.Tests;

/// <summary>Status and the working-state index, gc, verify, push/pull, linked checkouts and CSV row diffs, on real workspaces.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataMaintenanceTests : IAsyncLifetime
{
    private static readonly ChunkingOptions SmallChunks = new() { MinSize = 1024, AverageSize = 4096, MaxSize = 16384 };
    private readonly TempDirectory _dir = new("mlops-dvmaint");
    private MLOpsWorkspace _workspace = null!;
    private DataRepository _repo = null!;

    public async Task InitializeAsync()
    {
        _workspace = await MLOpsWorkspace.OpenAsync(_dir.Combine("ws", ".mlops"));
        _repo = await DataRepository.OpenAsync(_workspace, SmallChunks, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _workspace.DisposeAsync();
        MakeWritable(_dir.Path);
        _dir.Dispose();
    }

    [Fact]
    public async Task Status_reads_only_changed_files_and_names_added_modified_deleted()
    {
        var folder = Sample("work");
        var first = await _repo.CommitAsync(folder, "ds", "v1");
        Assert.Equal(first.Files, first.FilesRead);

        var clean = await _repo.StatusAsync(folder, "ds");
        Assert.True(clean.IsClean);
        Assert.Equal(0, clean.FilesRead);

        Write(folder, "a/one.csv", TestData.Csv(9_000, seed: 9));
        Write(folder, "new.txt", "new");
        File.Delete(Path.Combine(folder, "b", "two.bin"));
        var status = await _repo.StatusAsync(folder, "ds");
        Assert.Equal(["new.txt"], status.Added);
        Assert.Equal(["a/one.csv"], status.Modified);
        Assert.Equal(["b/two.bin"], status.Deleted);
        Assert.Equal(2, status.FilesRead);

        // Nothing was stored by status: the modified version is not in the object store yet.
        var again = await _repo.CommitAsync(folder, "ds", "v2");
        Assert.True(again.NewBytes > 0);
        Assert.Equal(2, again.FilesRead);
    }

    [Fact]
    public async Task Same_size_rewrite_with_restored_mtime_is_still_seen_through_ctime()
    {
        var folder = Sample("work");
        await _repo.CommitAsync(folder, "ds", "v1");
        var path = Path.Combine(folder, "c.txt");
        var mtime = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, "CCCC");
        File.SetLastWriteTimeUtc(path, mtime);

        var status = await _repo.StatusAsync(folder, "ds");
        Assert.Equal(["c.txt"], status.Modified);
    }

    [Fact]
    public async Task Recommit_of_unchanged_folder_reads_nothing_but_rereads_a_file_whose_manifest_is_gone()
    {
        var folder = Sample("work");
        var first = await _repo.CommitAsync(folder, "ds", "v1");
        var unchanged = await _repo.CommitAsync(folder, "ds", "again");
        Assert.True(unchanged.Unchanged);
        Assert.Equal(0, unchanged.FilesRead);

        // The folder's tree differs from the head (a new file), so reused manifests are checked: c.txt's is gone and is stored again.
        var entry = (await _repo.GetTreeAsync(first.Tree)).Find("c.txt")!;
        await _repo.Objects.DeleteAsync(entry.Hash);
        Write(folder, "d.txt", "DDD");
        var healed = await _repo.CommitAsync(folder, "ds", "again");
        Assert.False(healed.Unchanged);
        Assert.Equal(2, healed.FilesRead);
        Assert.Equal(4, healed.Files);
        Assert.True(await _repo.Objects.ExistsAsync(entry.Hash));
        Assert.True((await _repo.VerifyAsync()).IsHealthy);
    }

    [Fact]
    public async Task Damaged_index_is_only_a_cache()
    {
        var folder = Sample("work");
        await _repo.CommitAsync(folder, "ds", "v1");
        foreach (var index in Directory.GetFiles(Path.Combine(_repo.DataPath, "index")))
        {
            File.WriteAllBytes(index, "MLWI garbage"u8.ToArray());
        }

        var status = await _repo.StatusAsync(folder, "ds");
        Assert.True(status.IsClean);
        Assert.Equal(status.Files, status.FilesRead);
    }

    [Fact]
    public async Task Gc_removes_only_what_no_ref_reaches_and_spares_young_objects()
    {
        var folder = Sample("work");
        await _repo.CommitAsync(folder, "ds", "v1");
        await _repo.CreateBranchAsync("ds", "side", "ds");
        Write(folder, "side-only.bin", TestData.Random(40_000, seed: 77));
        var side = await _repo.CommitAsync(folder, "ds", "side work", new CommitOptions { Branch = "side" });
        await _repo.DeleteBranchAsync("ds", "side");

        // Everything is young on the real clock: nothing goes.
        var young = await _repo.CollectGarbageAsync(new GarbageCollectionOptions { GracePeriod = TimeSpan.FromHours(1) });
        Assert.Equal(0, young.Removed);

        var later = await DataRepository.OpenAsync(_workspace, SmallChunks, new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(2)));
        var dry = await later.CollectGarbageAsync(new GarbageCollectionOptions { DryRun = true });
        Assert.True(dry.Removed >= 4); // the commit, its root tree, the new file's manifest and chunks
        Assert.Equal([side.CommitId], dry.RemovedCommits);
        Assert.True(await _repo.Objects.ExistsAsync(side.CommitId));

        var done = await later.CollectGarbageAsync();
        Assert.Equal(dry.Removed, done.Removed);
        Assert.False(await _repo.Objects.ExistsAsync(side.CommitId));
        await Assert.ThrowsAsync<NotFoundException>(async () => await _repo.ResolveAsync(side.CommitId.ToString()[..12]));
        Assert.True((await _repo.VerifyAsync()).IsHealthy);
        var target = _dir.Combine("out");
        await _repo.CheckoutAsync("ds", target);
        Assert.Equal("CCC", File.ReadAllText(Path.Combine(target, "c.txt")));
        Assert.Equal(0, (await later.CollectGarbageAsync()).Removed);
    }

    [Fact]
    public async Task Verify_names_a_damaged_object_file_and_a_missing_one_with_its_path()
    {
        var folder = Sample("work");
        var commit = await _repo.CommitAsync(folder, "ds", "v1");
        Assert.True((await _repo.VerifyAsync()).IsHealthy);

        var tree = await _repo.GetTreeAsync(commit.Tree);
        var big = tree.Find("a")!;
        var csv = (await _repo.GetTreeAsync(big.Hash)).Find("one.csv")!;
        var manifest = await _repo.Chunks.GetManifestAsync(csv.Hash);
        var chunkPath = _repo.Objects.GetPath(manifest.Chunks[1].Hash);
        var bytes = File.ReadAllBytes(chunkPath);
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(chunkPath, bytes);
        await _repo.Objects.DeleteAsync((await _repo.GetTreeAsync(commit.Tree)).Find("c.txt")!.Hash);

        var result = await _repo.VerifyAsync();
        Assert.False(result.IsHealthy);
        Assert.Contains(result.Problems, p => p.Contains(chunkPath, StringComparison.Ordinal) && p.Contains("corrupt", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains("ds@main", StringComparison.Ordinal) && p.Contains("/c.txt", StringComparison.Ordinal) && p.Contains("missing", StringComparison.Ordinal));
        await Assert.ThrowsAsync<CorruptException>(async () => await _repo.ReadCsvAsync("ds", "a/one.csv"));
    }

    [Fact]
    public async Task Push_and_pull_move_only_missing_objects_and_fast_forward()
    {
        var folder = Sample("work");
        await _repo.CommitAsync(folder, "ds", "v1");
        await _repo.TagAsync("ds", "ds", "v1");
        var remote = new DirectoryRemote(_dir.Combine("remote"));

        var pushed = await _repo.PushAsync(remote);
        Assert.True(pushed.Objects > 0);
        Assert.Contains("ds@main", pushed.RefsUpdated);
        Assert.Contains("ds@v1", pushed.RefsUpdated);
        Assert.Equal(0, (await _repo.PushAsync(remote)).Objects);

        await using var other = await MLOpsWorkspace.OpenAsync(_dir.Combine("ws2", ".mlops"));
        var clone = await DataRepository.OpenAsync(other, SmallChunks, TimeProvider.System);
        var pulled = await clone.PullAsync(remote, "ds");
        Assert.Equal(pushed.Objects, pulled.Objects);
        Assert.Equal(await _repo.ResolveAsync("ds"), await clone.ResolveAsync("ds@v1"));
        var copy = _dir.Combine("copy");
        await clone.CheckoutAsync("ds", copy);
        Assert.Equal(ReadAll(folder), ReadAll(copy));

        File.AppendAllText(Path.Combine(folder, "a", "one.csv"), "999999,2025-01-01T00:00:00Z,1,2,alpha,1\n");
        await _repo.CommitAsync(folder, "ds", "v2");
        var second = await _repo.PushAsync(remote, "ds");
        Assert.InRange(second.Objects, 1, 6); // a chunk or two, the manifest, two trees, the commit
        var update = await clone.PullAsync(remote, "ds");
        Assert.Equal(second.Objects, update.Objects);
        Assert.Equal(await _repo.ResolveAsync("ds"), await clone.ResolveAsync("ds"));
        Assert.True((await clone.VerifyAsync()).IsHealthy);
    }

    [Fact]
    public async Task Diverged_branches_are_rejected_both_ways_and_tags_never_move()
    {
        var folder = Sample("work");
        await _repo.CommitAsync(folder, "ds", "v1");
        var remote = new DirectoryRemote(_dir.Combine("remote"));
        await _repo.PushAsync(remote);
        await using var other = await MLOpsWorkspace.OpenAsync(_dir.Combine("ws2", ".mlops"));
        var clone = await DataRepository.OpenAsync(other, SmallChunks, TimeProvider.System);
        await clone.PullAsync(remote);

        Write(folder, "mine.txt", "mine");
        await _repo.CommitAsync(folder, "ds", "ours");
        await _repo.PushAsync(remote);
        var theirs = Sample("theirs");
        Write(theirs, "theirs.txt", "theirs");
        var theirCommit = await clone.CommitAsync(theirs, "ds", "theirs");

        var push = await clone.PushAsync(remote);
        Assert.Single(push.RefsRejected);
        Assert.Contains("not an ancestor", push.RefsRejected[0], StringComparison.Ordinal);
        var pull = await clone.PullAsync(remote);
        Assert.Single(pull.RefsRejected);
        Assert.Equal(theirCommit.CommitId, await clone.ResolveAsync("ds"));

        var forced = await clone.PushAsync(remote, force: true);
        Assert.Empty(forced.RefsRejected);
        Assert.Equal(theirCommit.CommitId, (await remote.ReadRefsAsync("ds")).Branches["main"]);
    }

    [Fact]
    public async Task Interrupted_push_resumes_without_resending_indexed_objects()
    {
        var folder = _dir.Combine("many");
        for (var i = 0; i < 300; i++)
        {
            Write(folder, $"f{i:D3}.txt", $"file number {i}");
        }

        await _repo.CommitAsync(folder, "many", "300 files");
        var remote = new DirectoryRemote(_dir.Combine("remote"));
        var failing = new FailingRemote(remote, failAfterPuts: 400);
        await Assert.ThrowsAsync<IOException>(async () => await _repo.PushAsync(failing));
        var indexed = (await remote.ReadIndexAsync()).Count;
        Assert.True(indexed >= 256, $"the first batches should be indexed, got {indexed}");

        var resumed = await _repo.PushAsync(remote);
        var total = indexed + resumed.Objects;
        Assert.True(resumed.Objects < 350, $"resumed push sent {resumed.Objects}");
        Assert.Equal(indexed, resumed.Skipped);
        await using var other = await MLOpsWorkspace.OpenAsync(_dir.Combine("ws2", ".mlops"));
        var clone = await DataRepository.OpenAsync(other, SmallChunks, TimeProvider.System);
        await clone.PullAsync(remote, "many");
        Assert.True((await clone.VerifyAsync()).IsHealthy);
        Assert.True(total >= 300);
    }

    [Fact]
    public async Task Pull_refuses_a_corrupt_remote_object_naming_it()
    {
        var folder = Sample("work");
        await _repo.CommitAsync(folder, "ds", "v1");
        var remote = new DirectoryRemote(_dir.Combine("remote"));
        await _repo.PushAsync(remote);
        var victim = Directory.EnumerateFiles(remote.Location + "/objects", "*", SearchOption.AllDirectories).First(f => Path.GetFileName(Path.GetDirectoryName(f))!.Length == 2);
        var bytes = File.ReadAllBytes(victim);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(victim, bytes);

        await using var other = await MLOpsWorkspace.OpenAsync(_dir.Combine("ws2", ".mlops"));
        var clone = await DataRepository.OpenAsync(other, SmallChunks, TimeProvider.System);
        var error = await Assert.ThrowsAsync<CorruptException>(async () => await clone.PullAsync(remote, "ds"));
        Assert.Contains(remote.Location, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Linked_checkouts_share_a_read_only_cached_file()
    {
        var folder = Sample("work");
        await _repo.CommitAsync(folder, "ds", "v1");
        var first = _dir.Combine("h1");
        var second = _dir.Combine("h2");
        var a = await _repo.CheckoutAsync("ds", first, new CheckoutOptions { Link = CheckoutLink.Hardlink });
        var b = await _repo.CheckoutAsync("ds", second, new CheckoutOptions { Link = CheckoutLink.Hardlink });
        Assert.Equal(a.FilesWritten, b.FilesWritten);
        Assert.Equal(ReadAll(folder), ReadAll(second));
        var one = Path.Combine(first, "a", "one.csv");
        Assert.Equal(FileStat.Of(one).Inode, FileStat.Of(Path.Combine(second, "a", "one.csv")).Inode);
        Assert.False(File.GetUnixFileMode(one).HasFlag(UnixFileMode.UserWrite));
        Assert.Equal(a.FilesWritten, (await _repo.CheckoutAsync("ds", first, new CheckoutOptions { Link = CheckoutLink.Hardlink })).FilesUnchanged);

        var symlinked = _dir.Combine("s");
        await _repo.CheckoutAsync("ds", symlinked, new CheckoutOptions { Link = CheckoutLink.Symlink });
        Assert.NotNull(new FileInfo(Path.Combine(symlinked, "c.txt")).LinkTarget);
        Assert.Equal(ReadAll(folder), ReadAll(symlinked));

        var cloned = _dir.Combine("r");
        var reflink = await _repo.CheckoutAsync("ds", cloned, new CheckoutOptions { Link = CheckoutLink.Reflink });
        Assert.Equal(ReadAll(folder), ReadAll(cloned));
        Assert.InRange(reflink.CopiedInsteadOfCloned, 0, reflink.FilesWritten);
        Assert.False(File.GetUnixFileMode(Path.Combine(cloned, "c.txt")).HasFlag(UnixFileMode.UserWrite));
    }

    [Fact]
    public async Task Csv_diff_counts_rows_added_and_removed()
    {
        var folder = _dir.Combine("csv");
        Write(folder, "t.csv", "id,v\n1,a\n2,b\n3,c\n3,c\n");
        await _repo.CommitAsync(folder, "t", "v1");
        Write(folder, "t.csv", "id,v\r\n1,a\r\n3,c\r\n4,\"multi\nline\"\r\n5,e\r\n");
        await _repo.CommitAsync(folder, "t", "v2");

        var log = await _repo.LogAsync("t");
        var diff = await _repo.DiffAsync(log[1].Id.ToString(), "t");
        var rows = Assert.Single(diff.CsvRows);
        Assert.Equal(("t.csv", 4L, 4L, 2L, 2L, false), (rows.Path, rows.RowsBefore, rows.RowsAfter, rows.RowsAdded, rows.RowsRemoved, rows.HeaderChanged));
    }

    private string Sample(string name)
    {
        var folder = _dir.Combine(name);
        Write(folder, "a/one.csv", TestData.Csv(20_000, seed: 1));
        Write(folder, "b/two.bin", TestData.Random(30_000, seed: 2));
        Write(folder, "c.txt", "CCC");

        // Old enough that the working-state index trusts the stat (racy-clean rule).
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-10));
        }

        return folder;
    }

    private static void Write(string folder, string relative, string content) => Write(folder, relative, Encoding.UTF8.GetBytes(content));

    private static void Write(string folder, string relative, byte[] content)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private static Dictionary<string, string> ReadAll(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(File.ReadAllBytes(f)), StringComparer.Ordinal);

    private static void MakeWritable(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            if (new FileInfo(file).LinkTarget is null)
            {
                File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserWrite);
            }
        }
    }

    private sealed class FailingRemote(IDataRemote inner, int failAfterPuts) : IDataRemote
    {
        private int _puts;

        public string Location => inner.Location;

        public ValueTask<bool> PutAsync(ContentHash hash, Stream content, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _puts) > failAfterPuts ? throw new IOException("network down") : inner.PutAsync(hash, content, cancellationToken);

        public ValueTask<Stream> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken = default) => inner.OpenReadAsync(hash, cancellationToken);

        public ValueTask<IReadOnlySet<ContentHash>> ReadIndexAsync(CancellationToken cancellationToken = default) => inner.ReadIndexAsync(cancellationToken);

        public ValueTask AppendIndexAsync(IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken = default) => inner.AppendIndexAsync(hashes, cancellationToken);

        public ValueTask<RemoteRefs> ReadRefsAsync(string dataset, CancellationToken cancellationToken = default) => inner.ReadRefsAsync(dataset, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListDatasetsAsync(CancellationToken cancellationToken = default) => inner.ListDatasetsAsync(cancellationToken);

        public ValueTask WriteRefsAsync(string dataset, RemoteRefs expected, RemoteRefs updated, CancellationToken cancellationToken = default) =>
            inner.WriteRefsAsync(dataset, expected, updated, cancellationToken);
    }
}
