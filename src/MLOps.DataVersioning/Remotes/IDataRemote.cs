namespace MLOps.DataVersioning;

/// <summary>
/// Where data versions are pushed to and pulled from: a content-addressed object area, an append-only
/// index of the objects it holds (so a push never lists the whole remote), and per-dataset refs.
/// <see cref="DirectoryRemote"/> is a folder (local disk, NFS, a mounted bucket); an object store such as
/// S3 implements the same members (objects as keys, index segments as keys under a prefix, refs with a
/// conditional put).
/// </summary>
public interface IDataRemote
{
    /// <summary>Where the remote is, for messages.</summary>
    string Location { get; }

    /// <summary>Stores an object unless present. The remote must never show a partial object.</summary>
    /// <param name="hash">The object's hash.</param>
    /// <param name="content">Its content.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>Whether bytes were sent (false when the remote already had it).</returns>
    /// <exception cref="CorruptException">The content does not hash to <paramref name="hash"/>.</exception>
    ValueTask<bool> PutAsync(ContentHash hash, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading. The caller verifies the hash.</summary>
    /// <param name="hash">The object's hash.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The content.</returns>
    /// <exception cref="NotFoundException">The remote does not have it.</exception>
    ValueTask<Stream> OpenReadAsync(ContentHash hash, CancellationToken cancellationToken = default);

    /// <summary>Every object the remote's index lists. An object is listed only after it and everything it reaches are stored.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The hashes.</returns>
    ValueTask<IReadOnlySet<ContentHash>> ReadIndexAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds objects to the index (a new segment), after they are stored.</summary>
    /// <param name="hashes">The objects.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    ValueTask AppendIndexAsync(IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken = default);

    /// <summary>A dataset's branches and tags on the remote.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The refs; empty when the remote does not know the dataset.</returns>
    ValueTask<RemoteRefs> ReadRefsAsync(string dataset, CancellationToken cancellationToken = default);

    /// <summary>Lists the datasets the remote has refs for.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The names.</returns>
    ValueTask<IReadOnlyList<string>> ListDatasetsAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces a dataset's refs if they are still <paramref name="expected"/> (compare-and-swap).</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="expected">The refs read before.</param>
    /// <param name="updated">The new refs.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ConflictException">Someone else changed them meanwhile.</exception>
    ValueTask WriteRefsAsync(string dataset, RemoteRefs expected, RemoteRefs updated, CancellationToken cancellationToken = default);
}
