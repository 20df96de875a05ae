using System.Text;
using MLOps.Storage;
using MLOps.Storage.Sql;
using MLOps.Testing;

namespace MLOps.DataVersioning.Tests;

public sealed class DataRepositoryTests
{
    private static readonly ChunkingOptions SmallChunks = new() { MinSize = 1024, AverageSize = 4096, MaxSize = 16384 };

    private sealed class Context : IAsyncDisposable
    {
        private Context(TempDirectory dir, MLOpsWorkspace workspace, DataRepository repo, FakeTimeProvider time)
        {
            Dir = dir;
            Workspace = workspace;
            Repo = repo;
            Time = time;
        }

        public TempDirectory Dir { get; }

        public MLOpsWorkspace Workspace { get; }

        public DataRepository Repo { get; }

        public FakeTimeProvider Time { get; }

        public static async Task<Context> CreateAsync()
        {
            var dir = new TempDirectory("mlops-dvrepo");
            var workspace = await MLOpsWorkspace.OpenAsync(dir.Combine("ws", ".mlops"));
            var time = new FakeTimeProvider();
            var repo = await DataRepository.OpenAsync(workspace, SmallChunks, time);
            return new Context(dir, workspace, repo, time);
        }

        public string Folder(string name)
        {
            var path = Dir.Combine(name);
            Directory.CreateDirectory(path);
            return path;
        }

        public async ValueTask DisposeAsync()
        {
            await Workspace.DisposeAsync();
            Dir.Dispose();
        }
    }

    private static void Write(string folder, string relative, byte[] content)
    {
        var path = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private static void Write(string folder, string relative, string content) => Write(folder, relative, Encoding.UTF8.GetBytes(content));

    private static Dictionary<string, byte[]> ReadAll(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes, StringComparer.Ordinal);

    private static void MakeSample(string folder)
    {
        Write(folder, "top.csv", TestData.Csv(50_000, seed: 1));
        Write(folder, "empty.txt", []);
        Write(folder, "a/b/c/deep.bin", TestData.Random(70_000, seed: 2));
        Write(folder, "a/b/other.txt", "hello");
        Write(folder, "x/one.bin", TestData.Random(30_000, seed: 3));
        Write(folder, "x/two.bin", TestData.Random(30_000, seed: 4));
        Write(folder, "y/three.txt", "three");
    }

    private static async Task<TreeEntry> EntryAtAsync(DataRepository repo, ContentHash commitId, string path)
    {
        var tree = await repo.GetTreeAsync((await repo.GetCommitAsync(commitId)).Tree);
        var parts = path.Split('/');
        TreeEntry? entry = null;
        foreach (var part in parts)
        {
            entry = tree.Find(part) ?? throw new InvalidOperationException(path);
            if (entry.Kind == TreeEntryKind.Directory)
            {
                tree = await repo.GetTreeAsync(entry.Hash);
            }
        }

        return entry!;
    }

    [Fact]
    public async Task Commit_then_checkout_round_trips_nested_folders()
    {
        await using var c = await Context.CreateAsync();
        var source = c.Folder("src");
        MakeSample(source);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(source, "y", "three.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var result = await c.Repo.CommitAsync(source, "sales", "first", new CommitOptions { Author = "ada", Metadata = new Dictionary<string, string> { ["source"] = "test" } });
        Assert.False(result.Unchanged);
        Assert.Equal(7, result.Files);
        Assert.Equal(result.Bytes, result.NewBytes);

        var target = c.Dir.Combine("out");
        var checkout = await c.Repo.CheckoutAsync("sales", target);
        Assert.Equal(result.CommitId, checkout.CommitId);
        Assert.Equal(7, checkout.FilesWritten);
        var expected = ReadAll(source);
        var actual = ReadAll(target);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in expected)
        {
            Assert.Equal(bytes, actual[path]);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(Path.Combine(target, "y", "three.txt")).HasFlag(UnixFileMode.UserExecute));
            Assert.False(File.GetUnixFileMode(Path.Combine(target, "top.csv")).HasFlag(UnixFileMode.UserExecute));
        }

        var commit = await c.Repo.GetCommitAsync(result.CommitId);
        Assert.Equal("sales", commit.Dataset);
        Assert.Equal("first", commit.Message);
        Assert.Equal("ada", commit.Author);
        Assert.Equal(c.Time.GetUtcNow(), commit.Time);
        Assert.Equal("test", Assert.Single(commit.Metadata).Value);
        Assert.Empty(commit.Parents);
        Assert.Equal(result.CommitId, commit.Id);

        // Checking out again into the same folder writes nothing.
        var again = await c.Repo.CheckoutAsync(result.CommitId.ToString(), target);
        Assert.Equal(0, again.FilesWritten);
        Assert.Equal(7, again.FilesUnchanged);
    }

    [Fact]
    public async Task Recommitting_an_unchanged_folder_stores_nothing_and_shares_the_tree()
    {
        await using var c = await Context.CreateAsync();
        var source = c.Folder("src");
        MakeSample(source);
        var first = await c.Repo.CommitAsync(source, "sales", "first");

        var again = await c.Repo.CommitAsync(source, "sales", "again");
        Assert.True(again.Unchanged);
        Assert.Equal(0, again.NewBytes);
        Assert.Equal(first.CommitId, again.CommitId);
        Assert.Equal(first.Tree, again.Tree);
        Assert.Single(await c.Repo.LogAsync("sales"));

        // Another dataset with the same content shares every object.
        var other = await c.Repo.CommitAsync(source, "sales-copy", "same content");
        Assert.False(other.Unchanged);
        Assert.Equal(0, other.NewBytes);
        Assert.Equal(first.Tree, other.Tree);
        Assert.NotEqual(first.CommitId, other.CommitId);
    }

    [Fact]
    public async Task Editing_one_file_changes_only_its_tree_chain()
    {
        await using var c = await Context.CreateAsync();
        var source = c.Folder("src");
        MakeSample(source);
        var v1 = await c.Repo.CommitAsync(source, "sales", "v1");
        var deep = TestData.Random(70_000, seed: 2);
        deep[35_000] ^= 0xFF;
        Write(source, "a/b/c/deep.bin", deep);
        c.Time.Advance(TimeSpan.FromMinutes(1));
        var v2 = await c.Repo.CommitAsync(source, "sales", "v2");
        Assert.False(v2.Unchanged);
        Assert.InRange(v2.NewBytes, 1, 40_000);

        Assert.NotEqual(v1.Tree, v2.Tree);
        foreach (var changed in new[] { "a", "a/b", "a/b/c", "a/b/c/deep.bin" })
        {
            Assert.NotEqual((await EntryAtAsync(c.Repo, v1.CommitId, changed)).Hash, (await EntryAtAsync(c.Repo, v2.CommitId, changed)).Hash);
        }

        foreach (var same in new[] { "x", "y", "top.csv", "empty.txt", "a/b/other.txt" })
        {
            Assert.Equal((await EntryAtAsync(c.Repo, v1.CommitId, same)).Hash, (await EntryAtAsync(c.Repo, v2.CommitId, same)).Hash);
        }

        var diff = await c.Repo.DiffAsync(v1.CommitId.ToString(), "sales");
        Assert.Equal(["a/b/c/deep.bin"], diff.Modified);
        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
        Assert.Equal(70_000, diff.BytesChanged);

        var log = await c.Repo.LogAsync("sales");
        Assert.Equal([v2.CommitId, v1.CommitId], log.Select(x => x.Id));
        Assert.Equal([v1.CommitId], log[0].Parents);
    }

    [Fact]
    public async Task Diff_reports_added_removed_modified_and_renamed_files()
    {
        await using var c = await Context.CreateAsync();
        var source = c.Folder("src");
        MakeSample(source);
        await c.Repo.CommitAsync(source, "sales", "v1");
        await c.Repo.TagAsync("sales", "sales", "v1");

        Write(source, "new/added.txt", "brand new");
        File.Delete(Path.Combine(source, "y", "three.txt"));
        Write(source, "a/b/other.txt", "hello, edited");
        Directory.CreateDirectory(Path.Combine(source, "moved"));
        File.Move(Path.Combine(source, "x", "one.bin"), Path.Combine(source, "moved", "one-renamed.bin"));
        await c.Repo.CommitAsync(source, "sales", "v2");

        var diff = await c.Repo.DiffAsync("sales@v1", "sales@main");
        Assert.Equal(["new/added.txt"], diff.Added);
        Assert.Equal(["y/three.txt"], diff.Removed);
        Assert.Equal(["a/b/other.txt"], diff.Modified);
        Assert.Equal([new RenamedPath("x/one.bin", "moved/one-renamed.bin")], diff.Renamed);
        Assert.Equal("brand new".Length + "three".Length + "hello, edited".Length, diff.BytesChanged);
        Assert.True((await c.Repo.DiffAsync("sales", "sales")).IsEmpty);
    }

    [Fact]
    public async Task References_resolve_by_prefix_name_branch_and_tag()
    {
        await using var c = await Context.CreateAsync();
        var source = c.Folder("src");
        Write(source, "f.txt", "one");
        var v1 = (await c.Repo.CommitAsync(source, "ds", "v1")).CommitId;
        await c.Repo.TagAsync("ds", v1.ToString()[..10], "release-1.0");
        Write(source, "f.txt", "two");
        var v2 = (await c.Repo.CommitAsync(source, "ds", "v2")).CommitId;

        Assert.Equal(v2, await c.Repo.ResolveAsync("ds"));
        Assert.Equal(v2, await c.Repo.ResolveAsync("ds@main"));
        Assert.Equal(v1, await c.Repo.ResolveAsync("ds@release-1.0"));
        Assert.Equal(v1, await c.Repo.ResolveAsync(v1.ToString()));
        Assert.Equal(v1, await c.Repo.ResolveAsync(v1.ToString()[..7]));
        Assert.Equal(v1, await c.Repo.ResolveAsync(v1.ToString()[..7].ToUpperInvariant()));

        var unknown = await Assert.ThrowsAsync<NotFoundException>(async () => await c.Repo.ResolveAsync("nope"));
        Assert.Contains("'nope'", unknown.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(async () => await c.Repo.ResolveAsync("ds@no-such-tag"));
        await Assert.ThrowsAsync<NotFoundException>(async () => await c.Repo.ResolveAsync("0000000"));
        await Assert.ThrowsAsync<ValidationException>(async () => await c.Repo.ResolveAsync("bad name@x"));

        // Two indexed commits sharing a 7-digit prefix: the prefix is ambiguous and both are listed.
        var a = "abcdef0" + new string('1', 57);
        var b = "abcdef0" + new string('2', 57);
        var table = c.Workspace.Dialect.Table("dv", "commits");
        await c.Workspace.Database.WriteAsync(async (connection, transaction, ct) =>
        {
            foreach (var id in new[] { a, b })
            {
                await connection.ExecuteAsync($"INSERT INTO {table} (id, dataset, tree, committed_at) VALUES (@id, 'ds', @id, 0)", transaction, ct, ("id", id));
            }
        });
        var ambiguous = await Assert.ThrowsAsync<ValidationException>(async () => await c.Repo.ResolveAsync("abcdef0"));
        Assert.Contains(a, ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains(b, ambiguous.Message, StringComparison.Ordinal);
        Assert.Equal(ContentHash.Parse(a), await c.Repo.ResolveAsync("abcdef01"));
    }

    [Fact]
    public async Task Tags_are_immutable_and_branches_are_not_recreated()
    {
        await using var c = await Context.CreateAsync();
        var source = c.Folder("src");
        Write(source, "f.txt", "one");
        var v1 = (await c.Repo.CommitAsync(source, "ds", "v1")).CommitId;
        Write(source, "f.txt", "two");
        var v2 = (await c.Repo.CommitAsync(source, "ds", "v2")).CommitId;

        Assert.Equal(v1, await c.Repo.TagAsync("ds", v1.ToString(), "v1"));
        Assert.Equal(v1, await c.Repo.TagAsync("ds", v1.ToString(), "v1"));
        var conflict = await Assert.ThrowsAsync<ConflictException>(async () => await c.Repo.TagAsync("ds", v2.ToString(), "v1"));
        Assert.Contains("'v1'", conflict.Message, StringComparison.Ordinal);
        Assert.Contains(v1.ToString(), conflict.Message, StringComparison.Ordinal);
        Assert.Equal(v1, await c.Repo.ResolveAsync("ds@v1"));

        Assert.Equal(v1, await c.Repo.CreateBranchAsync("ds", "dev", "ds@v1"));
        await Assert.ThrowsAsync<ConflictException>(async () => await c.Repo.CreateBranchAsync("ds", "dev", "ds"));
        await Assert.ThrowsAsync<ConflictException>(async () => await c.Repo.CreateBranchAsync("ds", "main", "ds@v1"));

        // Committing to the branch moves only it.
        Write(source, "f.txt", "three");
        var v3 = (await c.Repo.CommitAsync(source, "ds", "on dev", new CommitOptions { Branch = "dev" })).CommitId;
        Assert.Equal(v3, await c.Repo.ResolveAsync("ds@dev"));
        Assert.Equal(v2, await c.Repo.ResolveAsync("ds"));
        Assert.Equal([v3, v1], (await c.Repo.LogAsync("ds", "dev")).Select(x => x.Id));

        // A commit of another dataset cannot be tagged here.
        var other = (await c.Repo.CommitAsync(source, "other", "x")).CommitId;
        await Assert.ThrowsAsync<ValidationException>(async () => await c.Repo.TagAsync("ds", other.ToString(), "foreign"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Racing_commits_on_one_branch_one_wins_the_other_conflicts(bool existingBranch)
    {
        await using var c = await Context.CreateAsync();
        var baseFolder = c.Folder("base");
        Write(baseFolder, "f.txt", "base");
        ContentHash? parent = null;
        if (existingBranch)
        {
            parent = (await c.Repo.CommitAsync(baseFolder, "ds", "base")).CommitId;
        }

        var left = c.Folder("left");
        Write(left, "f.txt", "left");
        var right = c.Folder("right");
        Write(right, "f.txt", "right");

        var arrived = 0;
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        c.Repo.BeforeBranchMove = async ct =>
        {
            if (Interlocked.Increment(ref arrived) == 2)
            {
                both.SetResult();
            }

            await both.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        };

        var tasks = new[]
        {
            Task.Run(async () => await c.Repo.CommitAsync(left, "ds", "left")),
            Task.Run(async () => await c.Repo.CommitAsync(right, "ds", "right")),
        };
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (ConflictException)
        {
        }

        var succeeded = tasks.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result).ToList();
        var failed = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).ToList();
        var winner = Assert.Single(succeeded);
        var error = Assert.IsType<ConflictException>(Assert.Single(failed));
        Assert.Contains("'main'", error.Message, StringComparison.Ordinal);
        Assert.Contains(winner.CommitId.ToString(), error.Message, StringComparison.Ordinal);
        if (parent is { } p)
        {
            Assert.Contains(p.ToString(), error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(winner.CommitId, await c.Repo.ResolveAsync("ds"));
        Assert.Equal(existingBranch ? 2 : 1, (await c.Repo.LogAsync("ds")).Count);
    }

    [Fact]
    public async Task Commit_refuses_a_symlink_pointing_outside_the_folder()
    {
        await using var c = await Context.CreateAsync();
        var source = c.Folder("src");
        Write(source, "inside.txt", "inside");
        var outside = c.Dir.Combine("secret.txt");
        await File.WriteAllTextAsync(outside, "secret");
        try
        {
            File.CreateSymbolicLink(Path.Combine(source, "link-in.txt"), Path.Combine(source, "inside.txt"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return; // Symlinks cannot be created here: nothing to test.
        }

        // A symlink to a file inside the folder is stored as that file's content.
        var ok = await c.Repo.CommitAsync(source, "ds", "inside link");
        Assert.Equal(2, ok.Files);
        Assert.Equal("inside", Encoding.UTF8.GetString(await ReadStoredAsync(c.Repo, "ds", "link-in.txt")));

        File.CreateSymbolicLink(Path.Combine(source, "link-out.txt"), outside);
        var error = await Assert.ThrowsAsync<ValidationException>(async () => await c.Repo.CommitAsync(source, "ds", "escape"));
        Assert.Contains("link-out.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("outside", error.Message, StringComparison.Ordinal);

        File.Delete(Path.Combine(source, "link-out.txt"));
        File.CreateSymbolicLink(Path.Combine(source, "link-up.txt"), Path.Combine("..", "secret.txt"));
        await Assert.ThrowsAsync<ValidationException>(async () => await c.Repo.CommitAsync(source, "ds", "escape by .."));
        Assert.Equal(ok.CommitId, await c.Repo.ResolveAsync("ds"));
    }

    private static async Task<byte[]> ReadStoredAsync(DataRepository repo, string reference, string path)
    {
        await using var stream = await repo.OpenFileAsync(reference, path);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Checkout_refuses_a_tree_with_an_escaping_name()
    {
        await using var c = await Context.CreateAsync();
        var evilTree = RawTree("..", TreeEntryKind.Directory, Tree.Empty.ComputeHash());
        var error = Assert.Throws<CorruptException>(() => Tree.Parse(evilTree, "crafted"));
        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
        Assert.Throws<CorruptException>(() => Tree.Parse(RawTree("a/b", TreeEntryKind.File, ContentHash.Empty), "crafted"));

        await c.Repo.Objects.PutAsync(Tree.Empty.ToBytes());
        var treeHash = (await c.Repo.Objects.PutAsync(evilTree)).Hash;
        var commit = new Commit(treeHash, [], "ds", "evil", "mallory", DateTimeOffset.UnixEpoch);
        await c.Repo.Objects.PutAsync(commit.ToBytes());

        var target = c.Dir.Combine("target");
        await Assert.ThrowsAsync<CorruptException>(async () => await c.Repo.CheckoutAsync(commit.Id.ToString(), target));
        Assert.False(Directory.Exists(target));
    }

    private static byte[] RawTree(string name, TreeEntryKind kind, ContentHash hash)
    {
        var stream = new MemoryStream();
        var writer = new BinaryWriter(stream);
        writer.Write("MLTR"u8);
        writer.Write((byte)1);
        writer.Write(1);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        writer.Write(nameBytes.Length);
        writer.Write(nameBytes);
        writer.Write((byte)kind);
        writer.Write((byte)0);
        writer.Write(0L);
        writer.Write(hash.ToByteArray());
        writer.Flush();
        return stream.ToArray();
    }

    [Fact]
    public async Task Checkout_refuses_to_clobber_a_modified_file_without_force()
    {
        await using var c = await Context.CreateAsync();
        var source = c.Folder("src");
        MakeSample(source);
        await c.Repo.CommitAsync(source, "ds", "v1");
        var target = c.Dir.Combine("work");
        await c.Repo.CheckoutAsync("ds", target);

        var edited = Path.Combine(target, "a", "b", "other.txt");
        await File.WriteAllTextAsync(edited, "local edit");
        Write(target, "untracked.txt", "mine");
        var error = await Assert.ThrowsAsync<ConflictException>(async () => await c.Repo.CheckoutAsync("ds", target));
        Assert.Contains("a/b/other.txt", error.Message, StringComparison.Ordinal);
        Assert.Equal("local edit", await File.ReadAllTextAsync(edited));

        var forced = await c.Repo.CheckoutAsync("ds", target, new CheckoutOptions { Force = true });
        Assert.Equal(1, forced.FilesWritten);
        Assert.Equal(6, forced.FilesUnchanged);
        Assert.Equal("hello", await File.ReadAllTextAsync(edited));
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(target, "untracked.txt")));
        Assert.Empty(Directory.EnumerateFiles(target, "*.mlops-tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_corrupt_commit_blob_is_a_CorruptException()
    {
        await using var c = await Context.CreateAsync();
        var garbage = (await c.Repo.Objects.PutAsync("not a commit at all"u8.ToArray())).Hash;
        var error = await Assert.ThrowsAsync<CorruptException>(async () => await c.Repo.GetCommitAsync(garbage));
        Assert.Contains(garbage.ToString(), error.Message, StringComparison.Ordinal);

        var source = c.Folder("src");
        Write(source, "f.txt", "one");
        var id = (await c.Repo.CommitAsync(source, "ds", "v1")).CommitId;
        var bytes = (await c.Repo.GetCommitAsync(id)).ToBytes();
        var truncated = (await c.Repo.Objects.PutAsync(bytes.AsMemory(0, bytes.Length - 3))).Hash;
        await Assert.ThrowsAsync<CorruptException>(async () => await c.Repo.GetCommitAsync(truncated));

        // A flipped byte in the stored commit file fails the blob store's hash check.
        var file = Directory.EnumerateFiles(c.Workspace.RootPath, "*", SearchOption.AllDirectories).Single(f => f.EndsWith(id.ToString()[2..], StringComparison.Ordinal));
        var stored = await File.ReadAllBytesAsync(file);
        stored[^1] ^= 0x01;
        File.SetAttributes(file, FileAttributes.Normal);
        await File.WriteAllBytesAsync(file, stored);
        await Assert.ThrowsAsync<CorruptException>(async () => await c.Repo.GetCommitAsync(id));
        await Assert.ThrowsAsync<NotFoundException>(async () => await c.Repo.GetCommitAsync(ContentHash.Compute("missing"u8)));
    }

    [Fact]
    public async Task Reads_a_csv_straight_from_the_store_and_honours_mlopsignore()
    {
        await using var c = await Context.CreateAsync();
        var source = c.Folder("src");
        Write(source, "data/orders.csv", "id,amount\n1,2.5\n2,3.5\n3,4.5\n");
        Write(source, "data/scratch.tmp", "ignored");
        Write(source, "cache/big.bin", "ignored too");
        Write(source, ".mlopsignore", "# comments are skipped\n*.tmp\ncache/\n");
        var result = await c.Repo.CommitAsync(source, "orders", "v1");
        Assert.Equal(2, result.Files);

        var tree = await c.Repo.GetTreeAsync(result.Tree);
        Assert.Equal([".mlopsignore", "data"], tree.Entries.Select(e => e.Name));
        var batch = await c.Repo.ReadCsvAsync("orders", "data/orders.csv");
        Assert.Equal(3, batch.RowCount);
        Assert.Equal(2, batch.ColumnCount);
        await Assert.ThrowsAsync<NotFoundException>(async () => await c.Repo.ReadCsvAsync("orders", "data/missing.csv"));
    }
}
