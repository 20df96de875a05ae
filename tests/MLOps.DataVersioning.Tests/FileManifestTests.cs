using System.Buffers.Binary;

namespace MLOps.DataVersioning.Tests;

public sealed class FileManifestTests
{
    private static FileManifest Sample()
    {
        var a = TestData.Random(100, 1);
        var b = TestData.Random(250, 2);
        return new FileManifest(
            [new ChunkRef(ContentHash.Compute(a), a.Length), new ChunkRef(ContentHash.Compute(b), b.Length)],
            a.Length + b.Length,
            ContentHash.Compute([.. a, .. b]));
    }

    [Fact]
    public void Round_trips_through_bytes()
    {
        var manifest = Sample();
        var bytes = manifest.ToBytes();
        Assert.Equal(manifest.SerializedLength, bytes.Length);
        Assert.Equal(49 + (2 * 36), bytes.Length);
        var parsed = FileManifest.Parse(bytes);
        Assert.Equal(manifest, parsed);
        Assert.Equal(manifest.Chunks, parsed.Chunks);
        Assert.Equal(manifest.GetHashCode(), parsed.GetHashCode());
    }

    [Fact]
    public void Empty_file_round_trips()
    {
        var empty = new FileManifest([], 0, ContentHash.Empty);
        Assert.Equal(empty, FileManifest.Parse(empty.ToBytes()));
    }

    [Fact]
    public void Constructor_rejects_sizes_that_do_not_add_up()
    {
        var manifest = Sample();
        var error = Assert.Throws<ValidationException>(() => new FileManifest(manifest.Chunks, manifest.Size + 1, manifest.Hash));
        Assert.Contains("add up", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_bytes_are_rejected_with_what_is_wrong()
    {
        var bytes = Sample().ToBytes();

        AssertCorrupt(bytes[..20], "shorter than");
        AssertCorrupt(bytes[..^1], "declares 2 chunks");
        AssertCorrupt([.. bytes, 0], "declares 2 chunks");

        var magic = (byte[])bytes.Clone();
        magic[0] = (byte)'X';
        AssertCorrupt(magic, "magic");

        var version = (byte[])bytes.Clone();
        version[4] = 9;
        AssertCorrupt(version, "format version 9");

        var size = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(size.AsSpan(5), 351 + 1);
        AssertCorrupt(size, "add up to 350 bytes");

        var chunkSize = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(chunkSize.AsSpan(49 + 32), 0);
        AssertCorrupt(chunkSize, "chunk 0");

        var negativeCount = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(negativeCount.AsSpan(45), -1);
        AssertCorrupt(negativeCount, "declares -1 chunks");
    }

    [Fact]
    public void Corrupt_errors_name_the_source()
    {
        var error = Assert.Throws<CorruptException>(() => FileManifest.Parse(new byte[3], "abc123"));
        Assert.Contains("abc123", error.Message, StringComparison.Ordinal);
    }

    private static void AssertCorrupt(byte[] bytes, string expected)
    {
        var error = Assert.Throws<CorruptException>(() => FileManifest.Parse(bytes));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
