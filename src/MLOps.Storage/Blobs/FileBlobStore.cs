using System.Buffers;
using System.Runtime.CompilerServices;

namespace MLOps.Storage.Blobs;

/// <summary>
/// The content-addressed blob store of a workspace: each blob is a file <c>objects/ab/cdef…</c> named by
/// its SHA-256. A put streams into a temporary file while hashing, flushes it to disk and renames it
/// into place, so a blob is either absent or complete, even if the process is killed mid-write; a put
/// of content already present is a no-op. Every read verifies the hash. Thread-safe, and safe for
/// several processes sharing the folder.
/// </summary>
public sealed partial class FileBlobStore : IBlobStore
{
    private const int ChunkSize = 1 << 20;
    private const string TempFolderName = "tmp";

    private readonly string _tempPath;
    private readonly TimeProvider _timeProvider;
    private readonly bool _deferDurability;

    /// <summary>Creates a store over a folder, creating the folder if it is missing.</summary>
    /// <param name="rootPath">The objects folder.</param>
    /// <param name="timeProvider">The clock used to age abandoned temporary files.</param>
    public FileBlobStore(string rootPath, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootPath);
        RootPath = Path.GetFullPath(rootPath);
        _tempPath = Path.Combine(RootPath, TempFolderName);
        _timeProvider = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(_tempPath);
    }

    /// <summary>The full path of the objects folder.</summary>
    public string RootPath { get; }

    /// <summary>
    /// When true (and on Linux), puts do not flush each blob to disk; the caller makes them durable all at
    /// once with <see cref="FlushToDisk"/> (one <c>syncfs</c>) before anything refers to them — the
    /// "objects first, refs last" order of a commit, at the disk's sequential speed instead of one
    /// flush per blob. A crash before that flush may lose blobs that nothing refers to yet. Elsewhere
    /// each put flushes as usual.
    /// </summary>
    public bool DeferDurability
    {
        get => _deferDurability;
        init => _deferDurability = value && OperatingSystem.IsLinux();
    }

    /// <summary>
    /// Makes every blob written so far durable: one <c>syncfs</c> of the store's file system when
    /// <see cref="DeferDurability"/> is on; nothing otherwise (each put already flushed).
    /// </summary>
    /// <exception cref="IOException">The file system reported an error while syncing.</exception>
    public void FlushToDisk()
    {
        if (!_deferDurability)
        {
            return;
        }

        // syncfs needs any descriptor on the file system; a marker file in the temp folder serves.
        using var root = File.OpenHandle(Path.Combine(_tempPath, ".syncfs"), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
        var added = false;
        try
        {
            root.DangerousAddRef(ref added);
            if (SyncFs((int)root.DangerousGetHandle()) != 0)
            {
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                throw new IOException($"Syncing the blob store at '{RootPath}' to disk failed (errno {errno}).");
            }
        }
        finally
        {
            if (added)
            {
                root.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// When true, a put of content already present sets the existing blob's modification time to now,
    /// so a garbage collector that spares young objects never removes an object a writer just relied on.
    /// </summary>
    public bool RefreshExistingOnPut { get; init; }

    /// <summary>Where the blob with this hash lives (whether or not it exists).</summary>
    /// <param name="hash">The hash.</param>
    /// <returns>The file path.</returns>
    public string GetPath(ContentHash hash)
    {
        var hex = hash.ToString();
        return Path.Combine(RootPath, hex[..2], hex[2..]);
    }

    /// <inheritdoc />
    public async ValueTask<BlobInfo> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var tempFile = NewTempFile();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            using var hasher = ContentHash.CreateHasher();
            long size = 0;
            await using (var output = OpenTempForWrite(tempFile, content.CanSeek ? content.Length - content.Position : 0))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hasher.Append(buffer.AsSpan(0, read));
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    size += read;
                }

                output.Flush(flushToDisk: !_deferDurability);
            }

            return Commit(tempFile, hasher.GetHash(), size);
        }
        catch
        {
            TryDelete(tempFile);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public async ValueTask<BlobInfo> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var hash = ContentHash.Compute(content.Span);
        if (Exists(GetPath(hash)))
        {
            return new BlobInfo(hash, content.Length, Created: false);
        }

        var tempFile = NewTempFile();
        try
        {
            await using (var output = OpenTempForWrite(tempFile, content.Length))
            {
                await output.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: !_deferDurability);
            }

            return Commit(tempFile, hash, content.Length);
        }
        catch
        {
            TryDelete(tempFile);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask<Stream> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = GetPath(hash);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(hash);
        }

        return ValueTask.FromResult<Stream>(new VerifyingReadStream(file, hash, path));
    }

    /// <inheritdoc />
    public async ValueTask<byte[]> ReadAllBytesAsync(ContentHash hash, CancellationToken cancellationToken = default)
    {
        var path = GetPath(hash);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(hash);
        }

        var actual = ContentHash.Compute(content);
        if (actual != hash)
        {
            throw VerifyingReadStream.Corrupt(hash, path, actual);
        }

        return content;
    }

    /// <inheritdoc />
    public ValueTask<bool> ExistsAsync(ContentHash hash, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(File.Exists(GetPath(hash)));

    /// <inheritdoc />
    public ValueTask<long?> GetSizeAsync(ContentHash hash, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(GetPath(hash));
        return ValueTask.FromResult(info.Exists ? info.Length : (long?)null);
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(ContentHash hash, CancellationToken cancellationToken = default)
    {
        var path = GetPath(hash);
        if (!File.Exists(path))
        {
            return ValueTask.FromResult(false);
        }

        try
        {
            File.Delete(path);
            return ValueTask.FromResult(true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ValueTask.FromResult(false);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ContentHash> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var folder in Directory.EnumerateDirectories(RootPath))
        {
            var prefix = Path.GetFileName(folder);
            if (prefix.Length != 2)
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ContentHash.TryParse(string.Concat(prefix, Path.GetFileName(file)), out var hash))
                {
                    yield return hash;
                }
            }
        }
    }

    /// <summary>
    /// Removes temporary files older than <paramref name="age"/>, left behind by processes that died
    /// mid-put. Younger ones may belong to a put in progress in another process and are kept.
    /// </summary>
    /// <param name="age">The minimum age of a file to remove.</param>
    /// <returns>How many files were removed.</returns>
    public int RemoveAbandonedTempFiles(TimeSpan age)
    {
        var cutoff = _timeProvider.GetUtcNow().UtcDateTime - age;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(_tempPath))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff && TryDelete(file))
            {
                removed++;
            }
        }

        return removed;
    }

    private BlobInfo Commit(string tempFile, ContentHash hash, long size)
    {
        var path = GetPath(hash);
        if (Exists(path))
        {
            TryDelete(tempFile);
            return new BlobInfo(hash, size, Created: false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!OperatingSystem.IsWindows())
        {
            // link() fails with EEXIST when another writer got there first: exactly one put of a
            // content reports Created, even when several race (a rename would let each one "win").
            // Readers see no file or the complete file, never a partial one.
            var linked = Link(tempFile, path) == 0;
            var errno = linked ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (linked || errno == EExist)
            {
                TryDelete(tempFile);
                return new BlobInfo(hash, size, Created: linked);
            }
        }

        try
        {
            // The rename is atomic: readers see no file or the complete file, never a partial one.
            File.Move(tempFile, path, overwrite: false);
            return new BlobInfo(hash, size, Created: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another writer stored the same content first; the content is identical by construction.
            TryDelete(tempFile);
            return new BlobInfo(hash, size, Created: false);
        }
    }

    /// <summary>Whether a blob file exists; with <see cref="RefreshExistingOnPut"/>, an existing one is touched.</summary>
    private bool Exists(string path)
    {
        if (!RefreshExistingOnPut)
        {
            return File.Exists(path);
        }

        try
        {
            File.SetLastWriteTimeUtc(path, _timeProvider.GetUtcNow().UtcDateTime);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return File.Exists(path);
        }
    }

    private string NewTempFile() => Path.Combine(_tempPath, Guid.NewGuid().ToString("N"));

    private static FileStream OpenTempForWrite(string path, long preallocation) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
            PreallocationSize = preallocation,
        });

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static NotFoundException NotFound(ContentHash hash) => new($"Blob {hash} is not in the store.");

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static partial int SyncFs(int fd);

    private const int EExist = 17;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "link", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8, SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static partial int Link(string existing, string link);
}
