using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MLOps.Storage.Blobs;

namespace MLOps.DataVersioning;

/// <summary>
/// A remote in a folder: <c>objects/</c> (content-addressed, each object written to a temp file, flushed
/// and renamed), <c>index/</c> (binary segments of 32-byte hashes, one per push batch, merged when they
/// pile up) and <c>refs/NAME.json</c> (replaced under an advisory lock, released by the system if the holder dies, with compare-and-swap).
/// </summary>
public sealed class DirectoryRemote : IDataRemote
{
    private const int MergeThreshold = 64;
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    private readonly FileBlobStore _objects;
    private readonly string _index;
    private readonly string _refs;
    private readonly TimeProvider _time;

    /// <summary>Opens (creating if needed) a remote in a folder.</summary>
    /// <param name="path">The folder.</param>
    /// <param name="timeProvider">The clock for segment names and lock ages; the system's when null.</param>
    public DirectoryRemote(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _time = timeProvider ?? TimeProvider.System;
        Location = Path.GetFullPath(path);
        _objects = new FileBlobStore(Path.Combine(Location, "objects")) { DeferDurability = true };
        _index = Path.Combine(Location, "index");
        _refs = Path.Combine(Location, "refs");
        Directory.CreateDirectory(_index);
        Directory.CreateDirectory(_refs);
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>Test hook: the object store behind the remote.</summary>
    internal FileBlobStore Objects => _objects;

    /// <inheritdoc />
    public async ValueTask<bool> PutAsync(ContentHash hash, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (File.Exists(_objects.GetPath(hash)))
        {
            return false;
        }

        var info = await _objects.PutAsync(content, cancellationToken).ConfigureAwait(false);
        if (info.Hash != hash)
        {
            await _objects.DeleteAsync(info.Hash, cancellationToken).ConfigureAwait(false);
            throw new CorruptException($"Object {hash} sent to remote '{Location}' hashes to {info.Hash}; the local copy is damaged (run 'mlops data verify').");
        }

        return info.Created;
    }

    /// <inheritdoc />
    public ValueTask<Stream> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken = default)
    {
        var path = _objects.GetPath(hash);
        try
        {
            return ValueTask.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NotFoundException($"Remote '{Location}' has no object {hash} (expected at '{path}').", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlySet<ContentHash>> ReadIndexAsync(CancellationToken cancellationToken = default)
    {
        var set = new HashSet<ContentHash>();
        var segments = Directory.GetFiles(_index, "*.idx");
        foreach (var segment in segments)
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(segment, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException)
            {
                continue; // merged away meanwhile; its hashes are in the merged segment
            }

            for (var offset = 0; offset + ContentHash.ByteLength <= bytes.Length; offset += ContentHash.ByteLength)
            {
                set.Add(new ContentHash(bytes.AsSpan(offset, ContentHash.ByteLength)));
            }
        }

        if (segments.Length > MergeThreshold)
        {
            await WriteSegmentAsync(set, cancellationToken).ConfigureAwait(false);
            foreach (var segment in segments)
            {
                File.Delete(segment);
            }
        }

        return set;
    }

    /// <inheritdoc />
    public async ValueTask AppendIndexAsync(IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        if (hashes.Count > 0)
        {
            _objects.FlushToDisk(); // the index lists only objects that are on disk
            await WriteSegmentAsync(hashes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<RemoteRefs> ReadRefsAsync(string dataset, CancellationToken cancellationToken = default)
    {
        var path = RefsPath(dataset);
        if (!File.Exists(path))
        {
            return RemoteRefs.Empty;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            var file = JsonSerializer.Deserialize<RefsFile>(bytes) ?? throw new JsonException("null");
            return new RemoteRefs(
                (file.Branches ?? []).ToImmutableSortedDictionary(static p => p.Key, static p => ContentHash.Parse(p.Value), StringComparer.Ordinal),
                (file.Tags ?? []).ToImmutableSortedDictionary(static p => p.Key, static p => ContentHash.Parse(p.Value), StringComparer.Ordinal));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new CorruptException($"Refs file '{path}' of remote '{Location}' is corrupt: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<string>>(Directory.GetFiles(_refs, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList());

    /// <inheritdoc />
    public async ValueTask WriteRefsAsync(string dataset, RemoteRefs expected, RemoteRefs updated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(updated);
        var path = RefsPath(dataset);
        var lockPath = path + ".lock";
        await using var held = await AcquireLockAsync(lockPath, cancellationToken).ConfigureAwait(false);
        var current = await ReadRefsAsync(dataset, cancellationToken).ConfigureAwait(false);
        if (!current.SameAs(expected))
        {
            throw new ConflictException($"The refs of dataset '{dataset}' on remote '{Location}' changed while pushing; pull, then push again.");
        }

        var file = new RefsFile
        {
            Branches = updated.Branches.ToDictionary(static p => p.Key, static p => p.Value.ToString(), StringComparer.Ordinal),
            Tags = updated.Tags.ToDictionary(static p => p.Key, static p => p.Value.ToString(), StringComparer.Ordinal),
        };
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await JsonSerializer.SerializeAsync(stream, file, cancellationToken: cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private string RefsPath(string dataset) => Path.Combine(_refs, dataset + ".json");

    private async ValueTask WriteSegmentAsync(IEnumerable<ContentHash> hashes, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow().UtcTicks:D20}-{Guid.NewGuid():N}");
        var temp = Path.Combine(_index, name + ".tmp");
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            var buffer = new byte[ContentHash.ByteLength];
            foreach (var hash in hashes)
            {
                hash.CopyTo(buffer);
                await stream.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Combine(_index, name + ".idx"));
    }

    /// <summary>
    /// Takes the refs lock: the lock file opened without sharing, which on Unix is an advisory
    /// <c>flock</c> (on Windows a sharing lock) that the system releases when the holder exits or is
    /// killed, so a crashed push never leaves the remote locked.
    /// </summary>
    private async ValueTask<IAsyncDisposable> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException) when (_time.GetUtcNow() < deadline)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new ConflictException($"Lock '{path}' has been held for over {LockWait.TotalSeconds:0} s by another push; try again.", e);
            }
        }
    }

    private sealed class RefsFile
    {
        public Dictionary<string, string>? Branches { get; set; }

        public Dictionary<string, string>? Tags { get; set; }
    }
}
