namespace MLOps.DataVersioning.Tests;

public sealed class TreeAndCommitFormatTests
{
    [Fact]
    public void Trees_sort_entries_and_round_trip()
    {
        var hash = ContentHash.Compute("x"u8);
        var tree = new Tree([
            new TreeEntry("b", TreeEntryKind.File, Executable: true, 5, hash),
            new TreeEntry("B", TreeEntryKind.Directory, Executable: false, 7, hash),
            new TreeEntry("a", TreeEntryKind.File, Executable: false, 0, hash),
        ]);
        Assert.Equal(["B", "a", "b"], tree.Entries.Select(e => e.Name));
        Assert.Equal(12, tree.Size);
        var parsed = Tree.Parse(tree.ToBytes());
        Assert.Equal(tree.Entries, parsed.Entries);
        Assert.Equal(tree.ComputeHash(), parsed.ComputeHash());
        Assert.Equal(hash, parsed.Find("b")!.Hash);
        Assert.Null(parsed.Find("c"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    public void Trees_reject_bad_names(string name)
    {
        Assert.Throws<ValidationException>(() => new Tree([new TreeEntry(name, TreeEntryKind.File, false, 0, ContentHash.Empty)]));
    }

    [Fact]
    public void Trees_reject_duplicates_and_corrupt_bytes()
    {
        var entry = new TreeEntry("a", TreeEntryKind.File, false, 0, ContentHash.Empty);
        Assert.Throws<ValidationException>(() => new Tree([entry, entry]));
        var bytes = new Tree([entry]).ToBytes();
        Assert.Throws<CorruptException>(() => Tree.Parse(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<CorruptException>(() => Tree.Parse([.. bytes, 0]));
        var badVersion = (byte[])bytes.Clone();
        badVersion[4] = 9;
        Assert.Contains("version 9", Assert.Throws<CorruptException>(() => Tree.Parse(badVersion, "t1")).Message, StringComparison.Ordinal);
        Assert.Throws<CorruptException>(() => Tree.Parse("MLFM\u0001"u8));
    }

    [Fact]
    public void Commits_round_trip_with_stable_ids()
    {
        var time = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
        var metadata = new Dictionary<string, string> { ["z"] = "last", ["a"] = "first" };
        var commit = new Commit(ContentHash.Compute("tree"u8), [ContentHash.Compute("p"u8)], "ds", "message ✓", "ada", time, metadata);
        Assert.Equal(TimeSpan.Zero, commit.Time.Offset);
        Assert.Equal(time, commit.Time);
        Assert.Equal(["a", "z"], commit.Metadata.Select(p => p.Key));

        var parsed = Commit.Parse(commit.ToBytes(), "c1");
        Assert.Equal(commit.Id, parsed.Id);
        Assert.Equal(commit.Tree, parsed.Tree);
        Assert.Equal(commit.Parents, parsed.Parents);
        Assert.Equal("message ✓", parsed.Message);
        Assert.Equal(commit.Metadata, parsed.Metadata);
        Assert.Equal(ContentHash.Compute(commit.ToBytes()), commit.Id);

        var error = Assert.Throws<CorruptException>(() => Commit.Parse(commit.ToBytes().AsSpan(0, 40), "c1"));
        Assert.Contains("Commit c1", error.Message, StringComparison.Ordinal);
    }
}
