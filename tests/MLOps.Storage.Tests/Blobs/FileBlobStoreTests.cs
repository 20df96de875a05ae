using FsCheck;
using FsCheck.Fluent;
using MLOps.Storage.Blobs;
using MLOps.Testing;

namespace MLOps.Storage.Tests.Blobs;

public sealed class FileBlobStoreTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly FileBlobStore _store;

    public FileBlobStoreTests() => _store = new FileBlobStore(_folder.Combine("objects"));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Put_then_get_returns_the_same_bytes_under_their_sha256_for_any_content()
    {
        var content = ArbMap.Default.GeneratorFor<byte[]>().Select(b => b ?? []);
        Prop.ForAll(Arb.From(content), bytes =>
        {
            var fromStream = _store.PutAsync(new MemoryStream(bytes)).AsTask().GetAwaiter().GetResult();
            var fromMemory = _store.PutAsync(bytes.AsMemory()).AsTask().GetAwaiter().GetResult();
            var back = _store.ReadAllBytesAsync(fromStream.Hash).AsTask().GetAwaiter().GetResult();
            using var stream = _store.OpenReadAsync(fromStream.Hash).AsTask().GetAwaiter().GetResult();
            var streamed = new MemoryStream();
            stream.CopyTo(streamed);
            return fromStream.Hash == ContentHash.Compute(bytes)
                && fromMemory.Hash == fromStream.Hash
                && !fromMemory.Created
                && fromStream.Size == bytes.Length
                && back.AsSpan().SequenceEqual(bytes)
                && streamed.ToArray().AsSpan().SequenceEqual(bytes);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task Deferred_durability_stores_the_same_blobs_and_flushes_once()
    {
        var deferred = new FileBlobStore(_folder.Combine("deferred"), new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))) { DeferDurability = true, RefreshExistingOnPut = true };
        Assert.Equal(OperatingSystem.IsLinux(), deferred.DeferDurability);
        var first = await deferred.PutAsync("first"u8.ToArray());
        var second = await deferred.PutAsync(new MemoryStream("second"u8.ToArray()));
        deferred.FlushToDisk();
        Assert.Equal("first"u8.ToArray(), await deferred.ReadAllBytesAsync(first.Hash));
        Assert.Equal("second"u8.ToArray(), await deferred.ReadAllBytesAsync(second.Hash));

        // A put of present content refreshes the blob's time (the store's clock), so a gc grace period spares it.
        File.SetLastWriteTimeUtc(deferred.GetPath(first.Hash), new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var again = await deferred.PutAsync("first"u8.ToArray());
        Assert.False(again.Created);
        Assert.Equal(2030, File.GetLastWriteTimeUtc(deferred.GetPath(first.Hash)).Year);
    }

    [Fact]
    public async Task A_second_put_of_the_same_content_is_a_no_op()
    {
        var first = await _store.PutAsync(new MemoryStream([1, 2, 3]));
        var second = await _store.PutAsync(new MemoryStream([1, 2, 3]));
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Hash, second.Hash);
        Assert.Empty(Directory.EnumerateFiles(_folder.Combine("objects", "tmp")));
    }

    [Fact]
    public async Task Blobs_fan_out_by_the_first_two_hex_characters()
    {
        var info = await _store.PutAsync(new MemoryStream("abc"u8.ToArray()));
        var hex = info.Hash.ToString();
        Assert.Equal(_folder.Combine("objects", hex[..2], hex[2..]), _store.GetPath(info.Hash));
        Assert.True(File.Exists(_store.GetPath(info.Hash)));
    }

    [Fact]
    public async Task A_corrupt_blob_is_reported_with_its_hash_and_path_on_every_read_path()
    {
        var info = await _store.PutAsync(new MemoryStream(new byte[10_000]));
        var path = _store.GetPath(info.Hash);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[5000] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        var whole = await Assert.ThrowsAsync<CorruptException>(async () => await _store.ReadAllBytesAsync(info.Hash));
        Assert.Contains(info.Hash.ToString(), whole.Message, StringComparison.Ordinal);
        Assert.Contains(path, whole.Message, StringComparison.Ordinal);

        await using var stream = await _store.OpenReadAsync(info.Hash);
        var streamed = await Assert.ThrowsAsync<CorruptException>(() => stream.CopyToAsync(Stream.Null));
        Assert.Contains(path, streamed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_blob_is_corrupt()
    {
        var info = await _store.PutAsync(new MemoryStream(new byte[4096]));
        await File.WriteAllBytesAsync(_store.GetPath(info.Hash), new byte[100]);
        await Assert.ThrowsAsync<CorruptException>(async () => await _store.ReadAllBytesAsync(info.Hash));
    }

    [Fact]
    public async Task Missing_blobs_are_not_found_absent_and_sizeless()
    {
        var hash = ContentHash.Compute("nothing"u8);
        var error = await Assert.ThrowsAsync<NotFoundException>(async () => await _store.OpenReadAsync(hash));
        Assert.Contains(hash.ToString(), error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(async () => await _store.ReadAllBytesAsync(hash));
        Assert.False(await _store.ExistsAsync(hash));
        Assert.Null(await _store.GetSizeAsync(hash));
        Assert.False(await _store.DeleteAsync(hash));
    }

    [Fact]
    public async Task Exists_size_delete_and_enumerate_agree()
    {
        var a = await _store.PutAsync(new byte[] { 1 }.AsMemory());
        var b = await _store.PutAsync(new byte[] { 2, 3 }.AsMemory());
        Assert.True(await _store.ExistsAsync(a.Hash));
        Assert.Equal(2, await _store.GetSizeAsync(b.Hash));
        var listed = new List<ContentHash>();
        await foreach (var hash in _store.EnumerateAsync())
        {
            listed.Add(hash);
        }

        Assert.Equal(new[] { a.Hash, b.Hash }.Order(), listed.Order());
        Assert.True(await _store.DeleteAsync(a.Hash));
        Assert.False(await _store.ExistsAsync(a.Hash));
    }

    [Fact]
    public async Task Concurrent_puts_of_the_same_content_store_it_once()
    {
        var content = new byte[256 * 1024];
        new Random(7).NextBytes(content);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await _store.PutAsync(new MemoryStream(content)))));
        Assert.Single(results.Select(r => r.Hash).Distinct());
        Assert.True(results.Count(r => r.Created) >= 1);
        Assert.Equal(content, await _store.ReadAllBytesAsync(results[0].Hash));
        Assert.Empty(Directory.EnumerateFiles(_folder.Combine("objects", "tmp")));
    }

    [Fact]
    public async Task A_put_that_fails_mid_stream_leaves_no_blob_and_no_temp_file()
    {
        var failing = new FailingStream(after: 3 * 1024 * 1024);
        await Assert.ThrowsAsync<IOException>(async () => await _store.PutAsync(failing));
        Assert.Empty(Directory.EnumerateFiles(_folder.Combine("objects", "tmp")));
        await foreach (var unexpected in _store.EnumerateAsync())
        {
            Assert.Fail($"Unexpected blob {unexpected}");
        }
    }

    [Fact]
    public async Task A_cancelled_put_leaves_nothing()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _store.PutAsync(new MemoryStream(new byte[100]), cts.Token));
        Assert.Empty(Directory.EnumerateFiles(_folder.Combine("objects", "tmp")));
    }

    [Fact]
    public void Abandoned_temp_files_are_removed_only_when_old()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new FileBlobStore(_folder.Combine("aged"), time);
        var temp = _folder.Combine("aged", "tmp", "leftover");
        File.WriteAllBytes(temp, [1]);
        Assert.Equal(0, store.RemoveAbandonedTempFiles(TimeSpan.FromHours(1)));
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, store.RemoveAbandonedTempFiles(TimeSpan.FromHours(1)));
        Assert.False(File.Exists(temp));
    }

    private sealed class FailingStream(long after) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= after)
            {
                throw new IOException("network dropped");
            }

            var n = (int)Math.Min(count, after - _position);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
