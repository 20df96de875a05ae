using System.Collections.Concurrent;
using MLOps.Storage.Sql;

namespace MLOps.DataVersioning;

/// <summary>Garbage collection and verification of the object store.</summary>
public sealed partial class DataRepository
{
    /// <summary>
    /// Removes the objects no ref reaches: commits, trees and manifests first, chunks last, so an
    /// interrupted run never leaves a manifest whose chunks are gone. Objects younger than
    /// <see cref="GarbageCollectionOptions.GracePeriod"/> are kept with all they reach (a commit in
    /// progress elsewhere). Removed commits leave the commit index. Safe to kill at any moment: what
    /// refs reach is never touched, and a second run finishes the job.
    /// </summary>
    /// <param name="options">Dry run and grace period.</param>
    /// <param name="cancellationToken">Cancels the collection.</param>
    /// <returns>What was (or would be) removed.</returns>
    /// <exception cref="CorruptException">An object a ref reaches is damaged (run <see cref="VerifyAsync"/>); nothing is removed.</exception>
    /// <exception cref="NotFoundException">An object a ref reaches is missing; nothing is removed.</exception>
    public async ValueTask<GarbageCollectionResult> CollectGarbageAsync(GarbageCollectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GarbageCollectionOptions();
        var graph = new ObjectGraph(_blobs);
        foreach (var (context, commit) in await ListAllRefsAsync(cancellationToken).ConfigureAwait(false))
        {
            await graph.WalkCommitAsync(commit, context, cancellationToken).ConfigureAwait(false);
        }

        var all = new List<ContentHash>();
        await foreach (var hash in _blobs.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            all.Add(hash);
        }

        // Young unreachable objects are kept, and what they reach with them.
        var cutoff = _time.GetUtcNow().UtcDateTime - options.GracePeriod;
        var young = new ObjectGraph(_blobs, skip: graph.Reached.Contains, throwOnProblem: false);
        foreach (var hash in all)
        {
            if (!graph.Reached.Contains(hash) && File.GetLastWriteTimeUtc(_blobs.GetPath(hash)) >= cutoff && KindOf(hash) is { } kind)
            {
                await young.WalkAsync(hash, kind, "young, kept", cancellationToken).ConfigureAwait(false);
            }
        }

        var garbage = all.Where(h => !graph.Reached.Contains(h) && !young.Reached.Contains(h) && File.GetLastWriteTimeUtc(_blobs.GetPath(h)) < cutoff).ToList();
        var classified = garbage.Select(h => (Hash: h, Kind: KindOf(h) ?? ObjectKind.Chunk)).ToList();
        var commits = classified.Where(static c => c.Kind == ObjectKind.Commit).Select(static c => c.Hash).ToList();
        long bytes = 0;
        foreach (var hash in garbage)
        {
            bytes += await _blobs.GetSizeAsync(hash, cancellationToken).ConfigureAwait(false) ?? 0;
        }

        if (!options.DryRun)
        {
            foreach (var commit in commits)
            {
                await _workspace.Database.WriteAsync(
                    (connection, transaction, ct) => connection.ExecuteAsync($"DELETE FROM {_commits} WHERE id = @id", transaction, ct, ("id", commit.ToString())),
                    cancellationToken).ConfigureAwait(false);
            }

            // Parents before children: commits, trees, manifests, then chunks.
            foreach (var kind in (ObjectKind[])[ObjectKind.Commit, ObjectKind.Tree, ObjectKind.Manifest, ObjectKind.Chunk])
            {
                foreach (var (hash, _) in classified.Where(c => c.Kind == kind))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await _blobs.DeleteAsync(hash, cancellationToken).ConfigureAwait(false);
                }
            }

            _blobs.RemoveAbandonedTempFiles(options.GracePeriod);
            RemoveCachedFiles(graph.Reached, young.Reached);
        }

        return new GarbageCollectionResult(all.Count, all.Count - garbage.Count, garbage.Count, bytes, commits, options.DryRun);
    }

    /// <summary>
    /// Checks the whole store: re-hashes every object's content (naming the file of each that does not
    /// match), then walks every ref's history and files, naming each missing or unreadable commit, tree,
    /// manifest or chunk with the ref and path it was reached from.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The findings; <see cref="VerifyResult.IsHealthy"/> when nothing is wrong.</returns>
    public async ValueTask<VerifyResult> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var problems = new ConcurrentBag<string>();
        var all = new List<ContentHash>();
        await foreach (var hash in _blobs.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            all.Add(hash);
        }

        await Parallel.ForEachAsync(all, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, async (hash, ct) =>
        {
            var path = _blobs.GetPath(hash);
            try
            {
                var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await using (file.ConfigureAwait(false))
                {
                    var actual = await ContentHash.ComputeAsync(file, ct).ConfigureAwait(false);
                    if (actual != hash)
                    {
                        problems.Add($"object {hash} at '{path}' is corrupt: its content hashes to {actual}.");
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"object {hash} at '{path}' cannot be read: {e.Message}");
            }
        }).ConfigureAwait(false);

        var graph = new ObjectGraph(_blobs, throwOnProblem: false);
        var refs = await ListAllRefsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (context, commit) in refs)
        {
            await graph.WalkCommitAsync(commit, context, cancellationToken).ConfigureAwait(false);
        }

        var found = problems.OrderBy(static p => p, StringComparer.Ordinal).Concat(graph.Problems).ToList();
        return new VerifyResult(all.Count, refs.Count, graph.Reached.Count, found);
    }

    /// <summary>The kind of a stored object, from its first bytes; null when it cannot be read.</summary>
    private ObjectKind? KindOf(ContentHash hash)
    {
        Span<byte> head = stackalloc byte[4];
        try
        {
            using var file = new FileStream(_blobs.GetPath(hash), FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            if (file.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4)
            {
                return ObjectKind.Chunk;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return head.SequenceEqual("MLCM"u8) ? ObjectKind.Commit
            : head.SequenceEqual("MLTR"u8) ? ObjectKind.Tree
            : head.SequenceEqual("MLFM"u8) ? ObjectKind.Manifest
            : ObjectKind.Chunk;
    }

    private async ValueTask<List<(string Context, ContentHash Commit)>> ListAllRefsAsync(CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT dataset, kind, name, commit_id FROM {_refs} ORDER BY dataset, kind, name",
            static r => ($"{r.GetString(0)}@{r.GetString(2)} ({r.GetString(1)})", ContentHash.Parse(r.GetString(3))),
            cancellationToken).ConfigureAwait(false);
}
