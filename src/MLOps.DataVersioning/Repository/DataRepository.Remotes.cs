using System.Collections.Immutable;
using MLOps.Storage.Sql;

namespace MLOps.DataVersioning;

/// <summary>Push and pull: only missing objects move, children before parents, the remote's index and refs last.</summary>
public sealed partial class DataRepository
{
    private const int PushBatchSize = 256;

    /// <summary>
    /// Sends a dataset's branches and tags (every dataset's when <paramref name="dataset"/> is null) and
    /// every object they reach that the remote's index does not list. Objects go children first in
    /// batches; each batch is added to the remote's index once all of it is stored, so an interrupted
    /// push resumes where it stopped, and a subtree the remote has is never walked. Refs move last: a
    /// branch only fast-forwards unless <paramref name="force"/>.
    /// </summary>
    /// <param name="remote">The remote.</param>
    /// <param name="dataset">The dataset, or null for all.</param>
    /// <param name="force">Move remote branches even when the local head does not descend from them.</param>
    /// <param name="cancellationToken">Cancels the push; what was sent and indexed stays.</param>
    /// <returns>What was sent.</returns>
    /// <exception cref="ConflictException">The remote's refs changed meanwhile.</exception>
    public async ValueTask<TransferResult> PushAsync(IDataRemote remote, string? dataset = null, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var datasets = dataset is null ? await ListDatasetsAsync(cancellationToken).ConfigureAwait(false) : [CheckedDataset(dataset)];
        var index = await remote.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var graph = new ObjectGraph(_blobs, skip: index.Contains);
        var local = new Dictionary<string, RemoteRefs>(StringComparer.Ordinal);
        foreach (var name in datasets)
        {
            var refs = await ReadLocalRefsAsync(name, cancellationToken).ConfigureAwait(false);
            if (refs.Branches.Count == 0 && refs.Tags.Count == 0)
            {
                throw new NotFoundException($"Dataset '{name}' has no commits to push.");
            }

            local[name] = refs;
            foreach (var (refName, commit) in refs.Branches.Concat(refs.Tags))
            {
                await graph.WalkCommitAsync(commit, $"{name}@{refName}", cancellationToken).ConfigureAwait(false);
            }
        }

        var sent = 0;
        long bytes = 0;
        var order = graph.PostOrder;
        for (var start = 0; start < order.Count; start += PushBatchSize)
        {
            var batch = order.Skip(start).Take(PushBatchSize).Select(static o => o.Hash).ToList();
            var sizes = new long[batch.Count];
            var uploaded = new bool[batch.Count];
            await Parallel.ForAsync(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var content = await _blobs.OpenReadAsync(batch[i], ct).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    uploaded[i] = await remote.PutAsync(batch[i], content, ct).ConfigureAwait(false);
                }

                sizes[i] = await _blobs.GetSizeAsync(batch[i], ct).ConfigureAwait(false) ?? 0;
            }).ConfigureAwait(false);
            await remote.AppendIndexAsync(batch, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                if (uploaded[i])
                {
                    sent++;
                    bytes += sizes[i];
                }
            }
        }

        var updated = new List<string>();
        var rejected = new List<string>();
        foreach (var name in datasets)
        {
            var before = await remote.ReadRefsAsync(name, cancellationToken).ConfigureAwait(false);
            var branches = before.Branches.ToBuilder();
            var tags = before.Tags.ToBuilder();
            foreach (var (branch, head) in local[name].Branches)
            {
                if (branches.TryGetValue(branch, out var theirs) && theirs == head)
                {
                    continue;
                }

                if (branches.TryGetValue(branch, out theirs) && !force && !await DescendsFromAsync(head, theirs, cancellationToken).ConfigureAwait(false))
                {
                    rejected.Add($"{name}@{branch}: the remote's head {theirs} is not an ancestor of {head} (pull first, or force)");
                    continue;
                }

                branches[branch] = head;
                updated.Add($"{name}@{branch}");
            }

            foreach (var (tag, commit) in local[name].Tags)
            {
                if (tags.TryGetValue(tag, out var theirs))
                {
                    if (theirs != commit)
                    {
                        rejected.Add($"{name}@{tag}: the remote's tag is at {theirs}, the local one at {commit} (tags are immutable)");
                    }

                    continue;
                }

                tags[tag] = commit;
                updated.Add($"{name}@{tag}");
            }

            var after = new RemoteRefs(branches.ToImmutable(), tags.ToImmutable());
            if (!after.SameAs(before))
            {
                await remote.WriteRefsAsync(name, before, after, cancellationToken).ConfigureAwait(false);
            }
        }

        return new TransferResult(datasets, sent, bytes, index.Count, updated, rejected);
    }

    /// <summary>
    /// Fetches a dataset's branches and tags from a remote (every dataset's when null) and the objects
    /// they reach that are not stored locally, verifying each object's hash; objects are stored children
    /// first, so an interrupted pull resumes. Then creates missing local refs and fast-forwards branches;
    /// a branch whose local history diverged is left alone and reported.
    /// </summary>
    /// <param name="remote">The remote.</param>
    /// <param name="dataset">The dataset, or null for all the remote has.</param>
    /// <param name="cancellationToken">Cancels the pull; objects already stored stay.</param>
    /// <returns>What was fetched.</returns>
    /// <exception cref="CorruptException">A remote object does not match its hash (named).</exception>
    /// <exception cref="NotFoundException">The remote lacks an object its refs reach, or has no such dataset.</exception>
    public async ValueTask<TransferResult> PullAsync(IDataRemote remote, string? dataset = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var datasets = dataset is null ? await remote.ListDatasetsAsync(cancellationToken).ConfigureAwait(false) : [CheckedDataset(dataset)];
        var fetcher = new RemoteFetcher(this, remote);
        var updated = new List<string>();
        var rejected = new List<string>();
        foreach (var name in datasets)
        {
            var theirs = await remote.ReadRefsAsync(name, cancellationToken).ConfigureAwait(false);
            if (theirs.Branches.Count == 0 && theirs.Tags.Count == 0)
            {
                throw new NotFoundException($"Remote '{remote.Location}' has no dataset '{name}'.");
            }

            foreach (var (refName, commit) in theirs.Branches.Concat(theirs.Tags))
            {
                await fetcher.FetchAsync(commit, ObjectKind.Commit, $"{name}@{refName} on '{remote.Location}'", cancellationToken).ConfigureAwait(false);
            }

            _blobs.FlushToDisk();

            foreach (var (branch, head) in theirs.Branches)
            {
                var ours = await GetRefAsync(name, DataVersioningMigrations.BranchKind, branch, cancellationToken).ConfigureAwait(false);
                if (ours == head)
                {
                    continue;
                }

                if (ours is null)
                {
                    await InsertRefDirectAsync(name, DataVersioningMigrations.BranchKind, branch, head, cancellationToken).ConfigureAwait(false);
                }
                else if (await DescendsFromAsync(head, ours.Value, cancellationToken).ConfigureAwait(false))
                {
                    await MoveBranchAsync(name, branch, ours.Value, head, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    rejected.Add($"{name}@{branch}: the local head {ours} is not an ancestor of the remote's {head} (histories diverged)");
                    continue;
                }

                updated.Add($"{name}@{branch}");
            }

            foreach (var (tag, commit) in theirs.Tags)
            {
                var ours = await GetRefAsync(name, DataVersioningMigrations.TagKind, tag, cancellationToken).ConfigureAwait(false);
                if (ours is null)
                {
                    await InsertRefDirectAsync(name, DataVersioningMigrations.TagKind, tag, commit, cancellationToken).ConfigureAwait(false);
                    updated.Add($"{name}@{tag}");
                }
                else if (ours != commit)
                {
                    rejected.Add($"{name}@{tag}: the local tag is at {ours}, the remote's at {commit} (tags are immutable)");
                }
            }
        }

        return new TransferResult(datasets, fetcher.Fetched, fetcher.Bytes, fetcher.Skipped, updated, rejected);
    }

    /// <summary>The datasets that have refs in this workspace.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The names, in ordinal order.</returns>
    public async ValueTask<IReadOnlyList<string>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT DISTINCT dataset FROM {_refs} ORDER BY dataset", static r => r.GetString(0), cancellationToken).ConfigureAwait(false);

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="commit"/> or one of its ancestors.</summary>
    private async ValueTask<bool> DescendsFromAsync(ContentHash commit, ContentHash ancestor, CancellationToken cancellationToken)
    {
        var seen = new HashSet<ContentHash>();
        var pending = new Stack<ContentHash>();
        pending.Push(commit);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current == ancestor)
            {
                return true;
            }

            if (!seen.Add(current) || !await _blobs.ExistsAsync(current, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            foreach (var parent in (await GetCommitAsync(current, cancellationToken).ConfigureAwait(false)).Parents)
            {
                pending.Push(parent);
            }
        }

        return false;
    }

    private string CheckedDataset(string dataset)
    {
        CheckName(dataset, "dataset", allowSlash: false);
        return dataset;
    }

    private async ValueTask<RemoteRefs> ReadLocalRefsAsync(string dataset, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT kind, name, commit_id FROM {_refs} WHERE dataset = @dataset",
            static r => (Kind: r.GetString(0), Name: r.GetString(1), Commit: ContentHash.Parse(r.GetString(2))),
            cancellationToken,
            ("dataset", dataset)).ConfigureAwait(false);
        return new RemoteRefs(
            rows.Where(static r => string.Equals(r.Kind, DataVersioningMigrations.BranchKind, StringComparison.Ordinal)).ToImmutableSortedDictionary(static r => r.Name, static r => r.Commit, StringComparer.Ordinal),
            rows.Where(static r => string.Equals(r.Kind, DataVersioningMigrations.TagKind, StringComparison.Ordinal)).ToImmutableSortedDictionary(static r => r.Name, static r => r.Commit, StringComparer.Ordinal));
    }

    /// <summary>Adds a commit to the commit index (prefix lookup, per-dataset listing); idempotent.</summary>
    internal async ValueTask IndexCommitAsync(ContentHash id, Commit commit, CancellationToken cancellationToken) =>
        await _workspace.Database.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteAsync(
                _workspace.Dialect.Upsert(_commits, ["id", "dataset", "tree", "committed_at"], ["id"], []),
                transaction,
                ct,
                ("id", id.ToString()),
                ("dataset", commit.Dataset),
                ("tree", commit.Tree.ToString()),
                ("committed_at", ToMicros(commit.Time))),
            cancellationToken).ConfigureAwait(false);

    private async ValueTask InsertRefDirectAsync(string dataset, string kind, string name, ContentHash id, CancellationToken cancellationToken)
    {
        var micros = ToMicros(_time.GetUtcNow());
        try
        {
            await _workspace.Database.WriteAsync(
                (connection, transaction, ct) => InsertRefAsync(connection, transaction, dataset, kind, name, id, micros, ct),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_workspace.Dialect.IsUniqueViolation(e))
        {
            throw new ConflictException($"The {kind} '{name}' of dataset '{dataset}' was created by someone else while pulling; pull again.", e);
        }
    }

    private async ValueTask MoveBranchAsync(string dataset, string branch, ContentHash expected, ContentHash next, CancellationToken cancellationToken)
    {
        var micros = ToMicros(_time.GetUtcNow());
        var moved = await _workspace.Database.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteAsync(
                $"UPDATE {_refs} SET commit_id = @new, updated_at = @at WHERE dataset = @dataset AND kind = @kind AND name = @name AND commit_id = @expected",
                transaction,
                ct,
                ("new", next.ToString()),
                ("at", micros),
                ("dataset", dataset),
                ("kind", DataVersioningMigrations.BranchKind),
                ("name", branch),
                ("expected", expected.ToString())),
            cancellationToken).ConfigureAwait(false);
        if (moved == 0)
        {
            throw new ConflictException($"Branch '{branch}' of dataset '{dataset}' moved while pulling (expected it at {expected}); pull again.");
        }
    }
}
