namespace MLOps.DataVersioning;

/// <summary>
/// Fetches what a remote commit reaches and the local store lacks, children before parents (a stored
/// object always has everything below it stored, locally as on the remote), verifying every hash.
/// A manifest's chunks are fetched a few at a time.
/// </summary>
internal sealed class RemoteFetcher(DataRepository repository, IDataRemote remote)
{
    private const int ChunksInFlight = 4;

    private readonly HashSet<ContentHash> _visited = [];
    private int _fetched;
    private long _bytes;

    public int Fetched => _fetched;

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Skipped { get; private set; }

    public async ValueTask FetchAsync(ContentHash root, ObjectKind kind, string context, CancellationToken cancellationToken)
    {
        var stack = new Stack<Frame>();
        stack.Push(new Frame(root, kind, context, null));
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = stack.Pop();
            if (frame.Content is { } content)
            {
                await StoreAsync(frame, content, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!_visited.Add(frame.Hash))
            {
                continue;
            }

            if (File.Exists(repository.Objects.GetPath(frame.Hash)))
            {
                Skipped++;
                continue;
            }

            var bytes = await DownloadAsync(frame, cancellationToken).ConfigureAwait(false);
            var where = $"{frame.Kind.ToString().ToLowerInvariant()} {frame.Hash} ({frame.Context})";
            stack.Push(frame with { Content = bytes });
            var links = ObjectLinks.Parse(frame.Hash, frame.Kind, bytes, frame.Context, where);
            if (frame.Kind != ObjectKind.Manifest)
            {
                // Pushed in reverse, so they are fetched (and stored) in order.
                for (var i = links.Count - 1; i >= 0; i--)
                {
                    stack.Push(new Frame(links[i].Hash, links[i].Kind, links[i].Context, null));
                }

                continue;
            }

            // A manifest's chunks are fetched a few at a time, before the manifest is stored.
            var chunks = links.Select(static l => l.Hash).Distinct().Where(h => _visited.Add(h)).ToList();
            await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = ChunksInFlight, CancellationToken = cancellationToken }, async (chunk, ct) =>
            {
                if (File.Exists(repository.Objects.GetPath(chunk)))
                {
                    return;
                }

                var chunkBytes = await DownloadAsync(new Frame(chunk, ObjectKind.Chunk, frame.Context, null), ct).ConfigureAwait(false);
                await repository.Objects.PutAsync(chunkBytes, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
    }

    private async ValueTask<byte[]> DownloadAsync(Frame frame, CancellationToken cancellationToken)
    {
        var stream = await remote.OpenReadAsync(frame.Hash, cancellationToken).ConfigureAwait(false);
        byte[] bytes;
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        var actual = ContentHash.Compute(bytes);
        if (actual != frame.Hash)
        {
            throw new CorruptException($"{frame.Kind.ToString().ToLowerInvariant()} {frame.Hash} ({frame.Context}) on remote '{remote.Location}' is corrupt: its content hashes to {actual}.");
        }

        Interlocked.Increment(ref _fetched);
        Interlocked.Add(ref _bytes, bytes.Length);
        return bytes;
    }

    private async ValueTask StoreAsync(Frame frame, byte[] content, CancellationToken cancellationToken)
    {
        await repository.Objects.PutAsync(content, cancellationToken).ConfigureAwait(false);
        if (frame.Kind == ObjectKind.Commit)
        {
            await repository.IndexCommitAsync(frame.Hash, Commit.Parse(content, frame.Hash.ToString()), cancellationToken).ConfigureAwait(false);
        }
    }

    private readonly record struct Frame(ContentHash Hash, ObjectKind Kind, string Context, byte[]? Content);
}
