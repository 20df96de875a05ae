using MLOps.Storage;
using MLOps.Testing;

namespace MLOps.DataVersioning.Tests;

public sealed class ChunkStoreTests
{
    [Fact]
    public async Task Writes_and_reads_back_a_file_through_a_workspace()
    {
        using var dir = new TempDirectory("mlops-dv");
        await using var workspace = await MLOpsWorkspace.OpenAsync(dir.Combine(".mlops"));
        var store = new ChunkStore(workspace.Blobs);
        var data = TestData.Random((1024 * 1024) + 333, seed: 10);
        var path = dir.Combine("data.bin");
        await File.WriteAllBytesAsync(path, data);

        var result = await store.WriteFileAsync(path);
        Assert.Equal(data.Length, result.TotalBytes);
        Assert.Equal(data.Length, result.NewBytes);
        Assert.Equal(data.Length, result.Manifest.Size);
        Assert.Equal(ContentHash.Compute(data), result.Manifest.Hash);
        Assert.True(result.Manifest.Chunks.Count > 4);
        foreach (var chunk in result.Manifest.Chunks)
        {
            Assert.True(await workspace.Blobs.ExistsAsync(chunk.Hash));
        }

        Assert.Equal(data, await store.ReadAllBytesAsync(result.Manifest));
        await using (var stream = await store.OpenReadAsync(result.Manifest))
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(data, copy.ToArray());
        }

        var again = await store.WriteFileAsync(new MemoryStream(data));
        Assert.Equal(0, again.NewBytes);
        Assert.Equal(result.Manifest, again.Manifest);
    }

    [Fact]
    public async Task Manifests_are_stored_as_blobs()
    {
        using var dir = new TempDirectory("mlops-dv");
        await using var workspace = await MLOpsWorkspace.OpenAsync(dir.Combine(".mlops"));
        var store = new ChunkStore(workspace.Blobs);
        var result = await store.WriteFileAsync(new MemoryStream(TestData.Random(500_000, seed: 11)));

        var hash = await store.PutManifestAsync(result.Manifest);
        Assert.Equal(result.Manifest, await store.GetManifestAsync(hash));

        var notManifest = (await workspace.Blobs.PutAsync("not a manifest"u8.ToArray())).Hash;
        var error = await Assert.ThrowsAsync<CorruptException>(async () => await store.GetManifestAsync(notManifest));
        Assert.Contains(notManifest.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_and_tiny_files_are_zero_and_one_chunk()
    {
        using var dir = new TempDirectory("mlops-dv");
        await using var workspace = await MLOpsWorkspace.OpenAsync(dir.Combine(".mlops"));
        var store = new ChunkStore(workspace.Blobs);

        var empty = await store.WriteFileAsync(new MemoryStream());
        Assert.Empty(empty.Manifest.Chunks);
        Assert.Equal(ContentHash.Empty, empty.Manifest.Hash);
        Assert.Empty(await store.ReadAllBytesAsync(empty.Manifest));
        Assert.Equal(empty.Manifest, await store.GetManifestAsync(await store.PutManifestAsync(empty.Manifest)));

        var tinyData = TestData.Random(1000, seed: 12);
        var tiny = await store.WriteFileAsync(new MemoryStream(tinyData));
        var only = Assert.Single(tiny.Manifest.Chunks);
        Assert.Equal(ContentHash.Compute(tinyData), only.Hash);
        Assert.Equal(tinyData, await workspace.Blobs.ReadAllBytesAsync(only.Hash));
    }

    [Fact]
    public async Task Appending_one_percent_to_a_large_csv_stores_little_new_data()
    {
        using var dir = new TempDirectory("mlops-dv");
        await using var workspace = await MLOpsWorkspace.OpenAsync(dir.Combine(".mlops"));
        var store = new ChunkStore(workspace.Blobs);
        var original = TestData.Csv(8 * 1024 * 1024, seed: 13);
        var first = await store.WriteFileAsync(new MemoryStream(original));
        Assert.Equal(original.Length, first.NewBytes);

        var appended = TestData.Csv(original.Length / 100, seed: 14, firstId: 10_000_000);
        byte[] edited = [.. original, .. appended];
        var second = await store.WriteFileAsync(new MemoryStream(edited));
        Assert.Equal(edited.Length, second.TotalBytes);
        Assert.InRange(second.NewBytes, appended.Length, (long)(0.03 * edited.Length));
        Assert.Equal(edited, await store.ReadAllBytesAsync(second.Manifest));
    }

    [Fact]
    public async Task Editing_the_middle_of_a_file_stores_only_the_chunks_around_the_edit()
    {
        using var dir = new TempDirectory("mlops-dv");
        await using var workspace = await MLOpsWorkspace.OpenAsync(dir.Combine(".mlops"));
        var store = new ChunkStore(workspace.Blobs);
        var original = TestData.Random(4 * 1024 * 1024, seed: 15);
        await store.WriteFileAsync(new MemoryStream(original));

        byte[] edited = [.. original.AsSpan(0, 2_000_000), .. "hello"u8, .. original.AsSpan(2_000_100)];
        var second = await store.WriteFileAsync(new MemoryStream(edited));
        Assert.InRange(second.NewBytes, 1, 3 * store.Chunker.Options.MaxSize);
    }

    [Fact]
    public async Task A_corrupted_chunk_on_disk_is_detected_when_reading_the_file()
    {
        using var dir = new TempDirectory("mlops-dv");
        var root = dir.Combine(".mlops");
        await using var workspace = await MLOpsWorkspace.OpenAsync(root);
        var store = new ChunkStore(workspace.Blobs);
        var data = TestData.Random(600_000, seed: 16);
        var manifest = (await store.WriteFileAsync(new MemoryStream(data))).Manifest;
        Assert.True(manifest.Chunks.Count >= 3);

        var victim = manifest.Chunks[1].Hash;
        var hex = victim.ToString();
        var blobPath = Path.Combine(root, "objects", hex[..2], hex[2..]);
        Assert.True(File.Exists(blobPath), blobPath);
        var bytes = await File.ReadAllBytesAsync(blobPath);
        bytes[bytes.Length / 2] ^= 0x01;
        File.SetAttributes(blobPath, FileAttributes.Normal);
        await File.WriteAllBytesAsync(blobPath, bytes);

        var streamError = await Assert.ThrowsAsync<CorruptException>(async () =>
        {
            await using var stream = await store.OpenReadAsync(manifest);
            await stream.CopyToAsync(Stream.Null);
        });
        Assert.Contains(hex, streamError.Message, StringComparison.Ordinal);

        var allError = await Assert.ThrowsAsync<CorruptException>(async () => await store.ReadAllBytesAsync(manifest));
        Assert.Contains(hex, allError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_chunks_written_concurrently_are_stored_and_counted_once()
    {
        using var dir = new TempDirectory("mlops-dv");
        await using var workspace = await MLOpsWorkspace.OpenAsync(dir.Combine(".mlops"));
        var store = new ChunkStore(workspace.Blobs);
        var zeros = new byte[(20 * store.Chunker.Options.MaxSize) + 5];
        var result = await store.WriteFileAsync(new MemoryStream(zeros));
        Assert.Equal(21, result.Manifest.Chunks.Count);
        Assert.Equal(store.Chunker.Options.MaxSize + 5, result.NewBytes);
        Assert.Equal(zeros, await store.ReadAllBytesAsync(result.Manifest));
    }

    [Fact]
    public async Task A_missing_chunk_is_not_found()
    {
        using var dir = new TempDirectory("mlops-dv");
        await using var workspace = await MLOpsWorkspace.OpenAsync(dir.Combine(".mlops"));
        var store = new ChunkStore(workspace.Blobs);
        var manifest = (await store.WriteFileAsync(new MemoryStream(TestData.Random(300_000, seed: 17)))).Manifest;
        await workspace.Blobs.DeleteAsync(manifest.Chunks[^1].Hash);
        await Assert.ThrowsAsync<NotFoundException>(async () => await store.ReadAllBytesAsync(manifest));
    }
}
