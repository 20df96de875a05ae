using System.Collections.Concurrent;
using System.Data.Common;
using System.IO.Enumeration;
using System.Globalization;
using MLOps.Data;
using MLOps.Storage;
using MLOps.Storage.Csv;
using MLOps.Storage.Sql;

namespace MLOps.DataVersioning;

/// <summary>Committing a folder: the walk, chunked files, trees bottom-up, the commit object, then the branch moved by compare-and-swap.</summary>
public sealed partial class DataRepository
{
    /// <summary>
    /// Commits a folder as the next version of a dataset: walks it in ordinal order (skipping the
    /// patterns of its <c>.mlopsignore</c> and a <c>.mlops</c> folder at its top), stores every file's
    /// chunks and manifest and every directory's tree, then the commit, then moves the branch by
    /// compare-and-swap. When the folder equals the branch's head nothing is committed.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="dataset">The dataset's name: letters, digits, '.', '_', '-'; at most 200 characters.</param>
    /// <param name="message">The commit message.</param>
    /// <param name="options">The branch, author and metadata.</param>
    /// <param name="cancellationToken">Cancels the commit; objects already stored stay (unreferenced until gc).</param>
    /// <returns>What was committed.</returns>
    /// <exception cref="NotFoundException">The folder does not exist.</exception>
    /// <exception cref="ValidationException">A name is invalid, a symlink points outside the folder or at a directory, or a file name cannot be stored.</exception>
    /// <exception cref="ConflictException">The branch moved while the commit was being made.</exception>
    public async ValueTask<CommitResult> CommitAsync(string folder, string dataset, string message, CommitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(message);
        CheckName(dataset, "dataset", allowSlash: false);
        var branch = options?.Branch ?? DefaultBranch;
        CheckName(branch, "branch", allowSlash: true);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(root))
        {
            throw new NotFoundException($"Cannot commit '{folder}' to dataset '{dataset}': the folder does not exist.");
        }

        var head = await GetRefAsync(dataset, DataVersioningMigrations.BranchKind, branch, cancellationToken).ConfigureAwait(false);
        var parent = head is { } headId ? await GetCommitAsync(headId, cancellationToken).ConfigureAwait(false) : null;
        using var walk = await OpenWalkAsync(root, store: true, cancellationToken).ConfigureAwait(false);
        var (treeHash, _) = await ScanTreeAsync(walk, root, string.Empty, parent?.Tree, cancellationToken).ConfigureAwait(false);
        walk.SaveIndex();

        if (head is { } parentId && parent is not null)
        {
            if (parent.Tree == treeHash)
            {
                return new CommitResult(parentId, treeHash, walk.Files, walk.Bytes, walk.NewBytes, Unchanged: true) { FilesRead = walk.FilesRead };
            }
        }

        var now = _time.GetUtcNow();
        var commit = new Commit(treeHash, head is { } p ? [p] : [], dataset, message, options?.Author ?? Environment.UserName, now, options?.Metadata);
        await _blobs.PutAsync(commit.ToBytes(), cancellationToken).ConfigureAwait(false);
        var id = commit.Id;

        // Objects first, durably (one syncfs for all of them), refs last.
        _blobs.FlushToDisk();
        if (BeforeBranchMove is { } hook)
        {
            await hook(cancellationToken).ConfigureAwait(false);
        }

        var micros = ToMicros(now);
        try
        {
            await _workspace.Database.WriteAsync(
                async (connection, transaction, ct) =>
                {
                    await connection.ExecuteAsync(
                        _workspace.Dialect.Upsert(_commits, ["id", "dataset", "tree", "committed_at"], ["id"], []),
                        transaction,
                        ct,
                        ("id", id.ToString()),
                        ("dataset", dataset),
                        ("tree", treeHash.ToString()),
                        ("committed_at", micros)).ConfigureAwait(false);
                    if (head is null)
                    {
                        await InsertRefAsync(connection, transaction, dataset, DataVersioningMigrations.BranchKind, branch, id, micros, ct).ConfigureAwait(false);
                        return;
                    }

                    var moved = await connection.ExecuteAsync(
                        $"UPDATE {_refs} SET commit_id = @new, updated_at = @at WHERE dataset = @dataset AND kind = @kind AND name = @name AND commit_id = @expected",
                        transaction,
                        ct,
                        ("new", id.ToString()),
                        ("at", micros),
                        ("dataset", dataset),
                        ("kind", DataVersioningMigrations.BranchKind),
                        ("name", branch),
                        ("expected", head.Value.ToString())).ConfigureAwait(false);
                    if (moved == 0)
                    {
                        var actual = await connection.ScalarAsync<string>(
                            $"SELECT commit_id FROM {_refs} WHERE dataset = @dataset AND kind = @kind AND name = @name",
                            transaction,
                            ct,
                            ("dataset", dataset),
                            ("kind", DataVersioningMigrations.BranchKind),
                            ("name", branch)).ConfigureAwait(false);
                        throw new ConflictException(
                            $"Branch '{branch}' of dataset '{dataset}' moved while commit {id} was being made: expected it at {head.Value}, but it is at {actual ?? "(deleted)"}. Commit again on the new head.");
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_workspace.Dialect.IsUniqueViolation(e))
        {
            var actual = await GetRefAsync(dataset, DataVersioningMigrations.BranchKind, branch, cancellationToken).ConfigureAwait(false);
            throw new ConflictException(
                $"Branch '{branch}' of dataset '{dataset}' was created by another commit ({actual?.ToString() ?? "unknown"}) while commit {id} was being made. Commit again on the new head.",
                e);
        }

        return new CommitResult(id, treeHash, walk.Files, walk.Bytes, walk.NewBytes, Unchanged: false) { FilesRead = walk.FilesRead };
    }

    private async ValueTask<Walk> OpenWalkAsync(string root, bool store, CancellationToken cancellationToken)
    {
        var ignore = await IgnoreRules.LoadAsync(root, cancellationToken).ConfigureAwait(false);
        var index = WorkingIndex.Load(WorkingIndex.PathFor(DataPath, root), IndexFingerprint);
        return new Walk(root, ignore, index, store ? Chunks : _hashOnlyChunks, store);
    }

    private string IndexFingerprint => $"fastcdc {Chunks.Chunker.Options}";

    /// <summary>
    /// Builds the tree of a directory bottom-up. Files the working-state index knows unchanged are not
    /// read; the others are chunked (and, when storing, written a few at a time). When storing, trees go
    /// into the object store; otherwise they are only hashed and kept in the walk for a diff.
    /// </summary>
    /// <remarks>
    /// When storing, files the index vouches for reuse their manifests without touching them if the
    /// folder's tree comes out equal to the head's (<paramref name="headTree"/>): a ref reaches all of it,
    /// so gc cannot take it. Otherwise each reused manifest is touched (for gc's grace period), and one
    /// that is gone makes its file be read and stored again.
    /// </remarks>
    private async ValueTask<(ContentHash Hash, long Size)> ScanTreeAsync(Walk walk, string directory, string relative, ContentHash? headTree, CancellationToken cancellationToken)
    {
        var entries = new List<TreeEntry?>();
        var pending = new List<Task<TreeEntry>>();
        var slots = new List<int>();
        var reused = new List<(int Slot, string Name, string Path, string Full, FileStat Stat)>();
        var headListing = walk.Store && headTree is { } headHash ? await TryGetTreeAsync(headHash, cancellationToken).ConfigureAwait(false) : null;
        foreach (var child in ListChildren(directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = child.Name;
            var path = relative.Length == 0 ? name : $"{relative}/{name}";
            var full = Path.Combine(directory, name);
            if ((relative.Length == 0 && child.IsDirectory && string.Equals(name, ".mlops", StringComparison.Ordinal)) || walk.Ignore.IsIgnored(path, name, child.IsDirectory))
            {
                continue;
            }

            if (TreeEntry.CheckName(name) is { } nameError)
            {
                throw new ValidationException($"Cannot commit '{path}' under '{walk.Root}': {nameError}.");
            }

            if (child.IsLink)
            {
                FileSystemInfo link = child.IsDirectory ? new DirectoryInfo(full) : new FileInfo(full);
                full = ResolveSource(walk, link, path).FullName;
            }

            if (child.IsDirectory)
            {
                // Subfolders are walked concurrently (stat calls and tree hashing spread over the cores).
                var folder = full;
                var childHead = headListing?.Find(name) is { Kind: TreeEntryKind.Directory } headEntry ? headEntry.Hash : (ContentHash?)null;
                slots.Add(entries.Count);
                entries.Add(null);
                pending.Add(Task.Run(
                    async () =>
                    {
                        var (hash, size) = await ScanTreeAsync(walk, folder, path, childHead, cancellationToken).ConfigureAwait(false);
                        return new TreeEntry(name, TreeEntryKind.Directory, Executable: false, size, hash);
                    },
                    cancellationToken));
                continue;
            }

            var stat = FileStat.Of(full);
            if (walk.Index.TryGetUnchanged(path, stat, out var known))
            {
                if (walk.Store)
                {
                    reused.Add((entries.Count, name, path, full, stat));
                }

                walk.Remember(path, stat, known);
                walk.Count(stat.Size, 0, read: false);
                entries.Add(new TreeEntry(name, TreeEntryKind.File, stat.Executable, stat.Size, known));
                continue;
            }

            slots.Add(entries.Count);
            entries.Add(null);
            pending.Add(ScanFileAsync(walk, name, path, full, stat, cancellationToken));
        }

        var written = await Task.WhenAll(pending).ConfigureAwait(false);
        for (var i = 0; i < written.Length; i++)
        {
            entries[slots[i]] = written[i];
        }

        var tree = new Tree(entries.Select(e => e!));
        if (walk.Store)
        {
            var bytes = tree.ToBytes();
            if (reused.Count > 0 && ContentHash.Compute(bytes) != headTree)
            {
                foreach (var (slot, name, path, full, stat) in reused)
                {
                    if (!TouchObject(entries[slot]!.Hash))
                    {
                        walk.Uncount(stat.Size);
                        entries[slot] = await ScanFileAsync(walk, name, path, full, stat, cancellationToken).ConfigureAwait(false);
                    }
                }

                tree = new Tree(entries.Select(e => e!));
                bytes = tree.ToBytes();
            }

            var info = await _blobs.PutAsync(bytes, cancellationToken).ConfigureAwait(false);
            return (info.Hash, tree.Size);
        }

        var treeHash = tree.ComputeHash();
        walk.Trees[treeHash] = tree;
        return (treeHash, tree.Size);
    }

    /// <summary>A folder's entries in ordinal order, from the directory listing alone (no stat per entry but for symlinks).</summary>
    private static List<Child> ListChildren(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = FileAttributes.None, IgnoreInaccessible = false, ReturnSpecialDirectories = false };
        var children = new FileSystemEnumerable<Child>(
            directory,
            static (ref FileSystemEntry entry) => new Child(entry.FileName.ToString(), entry.IsDirectory, entry.Attributes.HasFlag(FileAttributes.ReparsePoint)),
            options).ToList();
        children.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return children;
    }

    private static FileSystemInfo ResolveSource(Walk walk, FileSystemInfo child, string path)
    {
        if (child.LinkTarget is null)
        {
            return child;
        }

        var resolved = child.ResolveLinkTarget(returnFinalTarget: true);
        if (resolved is null || !resolved.Exists)
        {
            throw new ValidationException($"Cannot commit '{path}' under '{walk.Root}': it is a symlink to '{child.LinkTarget}', which does not exist.");
        }

        var full = Path.GetFullPath(resolved.FullName);
        if (!IsUnder(walk.Root, full))
        {
            throw new ValidationException($"Cannot commit '{path}' under '{walk.Root}': it is a symlink to '{full}', outside the folder.");
        }

        if (resolved is DirectoryInfo)
        {
            throw new ValidationException($"Cannot commit '{path}' under '{walk.Root}': it is a symlink to the directory '{full}'; symlinked directories are not supported.");
        }

        return resolved;
    }

    private async Task<TreeEntry> ScanFileAsync(Walk walk, string name, string relative, string path, FileStat stat, CancellationToken cancellationToken)
    {
        await walk.FileSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var written = await walk.Chunks.WriteFileAsync(path, cancellationToken).ConfigureAwait(false);
            var hash = await walk.Chunks.PutManifestAsync(written.Manifest, cancellationToken).ConfigureAwait(false);
            walk.Remember(relative, stat, hash);
            walk.Count(written.TotalBytes, written.NewBytes, read: true);
            return new TreeEntry(name, TreeEntryKind.File, stat.Executable, written.TotalBytes, hash);
        }
        finally
        {
            walk.FileSlots.Release();
        }
    }

    private async ValueTask<Tree?> TryGetTreeAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        try
        {
            return await GetTreeAsync(hash, cancellationToken).ConfigureAwait(false);
        }
        catch (MLOpsException e) when (e is NotFoundException or CorruptException)
        {
            return null;
        }
    }

    /// <summary>Whether an object is stored; if so its mtime is set to now, so gc's grace period spares it while a commit relies on it.</summary>
    private bool TouchObject(ContentHash hash)
    {
        try
        {
            File.SetLastWriteTimeUtc(_blobs.GetPath(hash), _time.GetUtcNow().UtcDateTime);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    private readonly record struct Child(string Name, bool IsDirectory, bool IsLink);

    private sealed class Walk(string root, IgnoreRules ignore, WorkingIndex index, ChunkStore chunks, bool store) : IDisposable
    {
        private readonly ConcurrentDictionary<string, WorkingIndex.Entry> _seen = new(StringComparer.Ordinal);
        private int _files;
        private int _filesRead;
        private long _bytes;
        private long _newBytes;

        public string Root { get; } = root;

        public IgnoreRules Ignore { get; } = ignore;

        public WorkingIndex Index { get; } = index;

        public ChunkStore Chunks { get; } = chunks;

        /// <summary>Whether objects are stored (a commit) or only hashed (status).</summary>
        public bool Store { get; } = store;

        /// <summary>The trees built when only hashing, by hash, for the diff against the head.</summary>
        public ConcurrentDictionary<ContentHash, Tree> Trees { get; } = new();

        /// <summary>How many files are stored at once.</summary>
        public SemaphoreSlim FileSlots { get; } = new(4, 4);

        public int Files => Volatile.Read(ref _files);

        /// <summary>How many files were read (not known unchanged from the index).</summary>
        public int FilesRead => Volatile.Read(ref _filesRead);

        public long Bytes => Interlocked.Read(ref _bytes);

        public long NewBytes => Interlocked.Read(ref _newBytes);

        public void Remember(string path, FileStat stat, ContentHash manifest) => _seen[path] = new WorkingIndex.Entry(stat, manifest);

        /// <summary>Takes back a file counted as reused, before it is read and counted again.</summary>
        public void Uncount(long bytes)
        {
            Interlocked.Decrement(ref _files);
            Interlocked.Add(ref _bytes, -bytes);
        }

        public void Count(long bytes, long newBytes, bool read)
        {
            Interlocked.Increment(ref _files);
            if (read)
            {
                Interlocked.Increment(ref _filesRead);
            }

            Interlocked.Add(ref _bytes, bytes);
            Interlocked.Add(ref _newBytes, newBytes);
        }

        /// <summary>Replaces the folder's index with what this walk saw (best effort: it is a cache).</summary>
        public void SaveIndex()
        {
            try
            {
                Index.Save(_seen, WorkingIndex.SystemNowNs());
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        public void Dispose() => FileSlots.Dispose();
    }
}
