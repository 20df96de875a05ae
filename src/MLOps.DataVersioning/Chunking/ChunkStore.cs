using System.Buffers;
using MLOps.Storage;

namespace MLOps.DataVersioning;

/// <summary>
/// Stores files in a content-addressed <see cref="IBlobStore"/> as content-defined chunks (FastCDC),
/// so that versions of a file share every chunk that an edit did not touch, and reads them back,
/// verifying every chunk. Thread-safe when the blob store is.
/// </summary>
public sealed class ChunkStore
{
    private static readonly int MaxPutsInFlight = Math.Max(4, 2 * Environment.ProcessorCount);

    private readonly IBlobStore _blobs;

    /// <summary>Creates a chunk store.</summary>
    /// <param name="blobs">Where chunks and manifests are stored.</param>
    /// <param name="options">The chunk sizes; <see cref="ChunkingOptions.Default"/> when null.</param>
    /// <exception cref="ValidationException">The options are invalid.</exception>
    public ChunkStore(IBlobStore blobs, ChunkingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        _blobs = blobs;
        Chunker = new FastCdcChunker(options);
    }

    /// <summary>The chunker.</summary>
    public FastCdcChunker Chunker { get; }

    /// <summary>
    /// Chunks a stream (from its position to its end) into the store. Chunks are hashed and written
    /// by several puts in flight at once (each on a pooled copy of the chunk), while the whole-file
    /// SHA-256 is computed incrementally on the way.
    /// </summary>
    /// <param name="content">The content; not disposed.</param>
    /// <param name="cancellationToken">Cancels the write; chunks already stored stay (they are valid blobs).</param>
    /// <returns>The manifest and how many bytes were new.</returns>
    public async ValueTask<ChunkWriteResult> WriteFileAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var fileHasher = ContentHash.CreateHasher();
        var chunks = new List<ChunkRef>();
        var inFlight = new Queue<(Task<BlobInfo> Put, byte[] Buffer, int Length)>();
        long total = 0;
        long newBytes = 0;
        try
        {
            await foreach (var chunk in Chunker.ChunkAsync(content, cancellationToken).ConfigureAwait(false))
            {
                fileHasher.Append(chunk.Span);
                total += chunk.Length;
                if (inFlight.Count >= MaxPutsInFlight)
                {
                    newBytes += await CompleteOldestAsync(inFlight, chunks).ConfigureAwait(false);
                }

                var copy = ArrayPool<byte>.Shared.Rent(chunk.Length);
                chunk.CopyTo(copy);
                var length = chunk.Length;
                inFlight.Enqueue((Task.Run(() => _blobs.PutAsync(copy.AsMemory(0, length), cancellationToken).AsTask(), cancellationToken), copy, length));
            }

            while (inFlight.Count > 0)
            {
                newBytes += await CompleteOldestAsync(inFlight, chunks).ConfigureAwait(false);
            }
        }
        finally
        {
            // On failure, let the puts still running finish before their buffers go back to the pool;
            // the first error is the one reported.
            while (inFlight.Count > 0)
            {
                var (put, buffer, _) = inFlight.Dequeue();
                await ((Task)put).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return new ChunkWriteResult(new FileManifest(chunks, total, fileHasher.GetHash()), newBytes, total);
    }

    /// <summary>Chunks a file into the store.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The manifest and how many bytes were new.</returns>
    public async ValueTask<ChunkWriteResult> WriteFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return await WriteFileAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Opens a file for reading: a forward-only stream over its chunks. The blob store verifies each
    /// chunk's hash as it is read to its end; the stream also checks each chunk's size and the total.
    /// </summary>
    /// <param name="manifest">The file.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A stream the caller disposes; reading throws <see cref="CorruptException"/> on a bad chunk and <see cref="NotFoundException"/> on a missing one.</returns>
    public ValueTask<Stream> OpenReadAsync(FileManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<Stream>(new ChunkedReadStream(_blobs, manifest));
    }

    /// <summary>Reads a whole file into memory, verifying every chunk and the whole-file hash.</summary>
    /// <param name="manifest">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The content.</returns>
    /// <exception cref="CorruptException">A chunk or the file does not match its hash or size.</exception>
    /// <exception cref="NotFoundException">A chunk is missing.</exception>
    public async ValueTask<byte[]> ReadAllBytesAsync(FileManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Size > Array.MaxLength)
        {
            throw new ValidationException($"File {manifest.Hash} is {manifest.Size} bytes, too large to read into one array; use OpenReadAsync.");
        }

        var result = new byte[manifest.Size];
        var offset = 0;
        foreach (var chunk in manifest.Chunks)
        {
            var bytes = await _blobs.ReadAllBytesAsync(chunk.Hash, cancellationToken).ConfigureAwait(false);
            if (bytes.Length != chunk.Size)
            {
                throw ChunkedReadStream.WrongChunkSize(manifest, chunk, bytes.Length);
            }

            bytes.CopyTo(result, offset);
            offset += bytes.Length;
        }

        var actual = ContentHash.Compute(result);
        if (actual != manifest.Hash)
        {
            throw new CorruptException($"File {manifest.Hash} is corrupt: its chunks hash to {actual}.");
        }

        return result;
    }

    /// <summary>Stores a manifest as a blob.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The manifest blob's hash.</returns>
    public async ValueTask<ContentHash> PutManifestAsync(FileManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var info = await _blobs.PutAsync(manifest.ToBytes(), cancellationToken).ConfigureAwait(false);
        return info.Hash;
    }

    /// <summary>Loads a manifest stored with <see cref="PutManifestAsync"/>.</summary>
    /// <param name="hash">The manifest blob's hash.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="NotFoundException">No blob has that hash.</exception>
    /// <exception cref="CorruptException">The blob is corrupt or is not a manifest.</exception>
    public async ValueTask<FileManifest> GetManifestAsync(ContentHash hash, CancellationToken cancellationToken = default)
    {
        var bytes = await _blobs.ReadAllBytesAsync(hash, cancellationToken).ConfigureAwait(false);
        return FileManifest.Parse(bytes, hash.ToString());
    }

    private static async ValueTask<long> CompleteOldestAsync(Queue<(Task<BlobInfo> Put, byte[] Buffer, int Length)> inFlight, List<ChunkRef> chunks)
    {
        var (put, buffer, length) = inFlight.Peek();
        var info = await put.ConfigureAwait(false);
        inFlight.Dequeue();
        ArrayPool<byte>.Shared.Return(buffer);
        chunks.Add(new ChunkRef(info.Hash, length));
        return info.Created ? length : 0;
    }
}
