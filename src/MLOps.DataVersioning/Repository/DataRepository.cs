using System.Data.Common;
using System.Globalization;
using MLOps.Data;
using MLOps.Storage;
using MLOps.Storage.Csv;
using MLOps.Storage.Sql;

namespace MLOps.DataVersioning;

/// <summary>
/// Versioned datasets in a workspace, git-style: <see cref="CommitAsync"/> stores a folder as chunks,
/// file manifests and Merkle <see cref="Tree"/>s in the blob store, then a <see cref="Commit"/> blob,
/// then moves the branch (objects first, ref last, by compare-and-swap in the <c>dv</c> module's
/// tables). Commits are addressed by id (or a unique prefix of at least 7 hex digits), <c>NAME</c>
/// (the head of the dataset's <c>main</c> branch), <c>NAME@BRANCH</c> or <c>NAME@TAG</c>.
/// </summary>
/// <remarks>Thread-safe; several processes may share the workspace.</remarks>
/// <example>
/// <code>
/// var repo = await DataRepository.OpenAsync(workspace);
/// CommitResult result = await repo.CommitAsync("data/churn", "churn", "January extract");
/// await repo.TagAsync("churn", "churn", "v1");
/// await repo.CheckoutAsync("churn@v1", "/tmp/churn-v1");
/// </code>
/// </example>
public sealed class DataRepository
{
    /// <summary>A dataset's default branch.</summary>
    public const string DefaultBranch = "main";

    /// <summary>The shortest commit-id prefix <see cref="ResolveAsync"/> accepts.</summary>
    public const int MinPrefixLength = 7;

    private const int MaxNameLength = 200;
    private const int MaxCandidatesListed = 10;

    private readonly MLOpsWorkspace _workspace;
    private readonly IBlobStore _blobs;
    private readonly TimeProvider _time;
    private readonly string _commits;
    private readonly string _refs;

    private DataRepository(MLOpsWorkspace workspace, ChunkingOptions? chunking, TimeProvider? timeProvider)
    {
        _workspace = workspace;
        _blobs = workspace.Blobs;
        _time = timeProvider ?? workspace.TimeProvider;
        Chunks = new ChunkStore(workspace.Blobs, chunking);
        _commits = DataVersioningMigrations.CommitsTable(workspace.Dialect);
        _refs = DataVersioningMigrations.RefsTable(workspace.Dialect);
    }

    /// <summary>The chunk store the files go through.</summary>
    public ChunkStore Chunks { get; }

    /// <summary>Test hook: runs after a commit's objects are stored and before its branch moves.</summary>
    internal Func<CancellationToken, Task>? BeforeBranchMove { get; set; }

    /// <summary>Opens the repository, creating the <c>dv</c> module's tables on first use.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="chunking">The chunk sizes; keep one setting for a workspace's lifetime. Default 16 / 64 / 256 KiB.</param>
    /// <param name="timeProvider">The clock for commit times; the workspace's when null.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <returns>The repository.</returns>
    public static async ValueTask<DataRepository> OpenAsync(MLOpsWorkspace workspace, ChunkingOptions? chunking = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        await workspace.MigrateAsync(DataVersioningMigrations.Instance, cancellationToken).ConfigureAwait(false);
        return new DataRepository(workspace, chunking, timeProvider);
    }

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

        using var walk = new Walk(root, await IgnoreRules.LoadAsync(root, cancellationToken).ConfigureAwait(false));
        var (treeHash, _) = await WriteTreeAsync(walk, root, string.Empty, cancellationToken).ConfigureAwait(false);

        var head = await GetRefAsync(dataset, DataVersioningMigrations.BranchKind, branch, cancellationToken).ConfigureAwait(false);
        if (head is { } parentId)
        {
            var parent = await GetCommitAsync(parentId, cancellationToken).ConfigureAwait(false);
            if (parent.Tree == treeHash)
            {
                return new CommitResult(parentId, treeHash, walk.Files, walk.Bytes, walk.NewBytes, Unchanged: true);
            }
        }

        var now = _time.GetUtcNow();
        var commit = new Commit(treeHash, head is { } p ? [p] : [], dataset, message, options?.Author ?? Environment.UserName, now, options?.Metadata);
        await _blobs.PutAsync(commit.ToBytes(), cancellationToken).ConfigureAwait(false);
        var id = commit.Id;
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

        return new CommitResult(id, treeHash, walk.Files, walk.Bytes, walk.NewBytes, Unchanged: false);
    }

    /// <summary>
    /// Resolves a reference to a commit id: a full id or a unique prefix of at least 7 hex digits,
    /// <c>NAME</c> (the head of the dataset's <c>main</c>), <c>NAME@BRANCH</c> or <c>NAME@TAG</c>.
    /// </summary>
    /// <param name="reference">The reference.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The commit id.</returns>
    /// <exception cref="ValidationException">The prefix matches several commits (listed), or the name is both a branch and a tag at different commits.</exception>
    /// <exception cref="NotFoundException">Nothing matches.</exception>
    public async ValueTask<ContentHash> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var dataset = reference[..at];
            var name = reference[(at + 1)..];
            CheckName(dataset, "dataset", allowSlash: false);
            CheckName(name, "branch or tag", allowSlash: true);
            var refs = await QueryAsync(
                $"SELECT kind, commit_id FROM {_refs} WHERE dataset = @dataset AND name = @name ORDER BY kind",
                static r => (Kind: r.GetString(0), Commit: ContentHash.Parse(r.GetString(1))),
                cancellationToken,
                ("dataset", dataset),
                ("name", name)).ConfigureAwait(false);
            if (refs.Count == 0)
            {
                throw new NotFoundException($"Dataset '{dataset}' has no branch or tag named '{name}' (reference '{reference}').");
            }

            if (refs.Select(static r => r.Commit).Distinct().Count() > 1)
            {
                throw new ValidationException($"Reference '{reference}' is ambiguous: '{name}' is both a branch ({refs[0].Commit}) and a tag ({refs[1].Commit}) of dataset '{dataset}'; use a commit id.");
            }

            return refs[0].Commit;
        }

        if (reference.Length is >= MinPrefixLength and <= ContentHash.HexLength && reference.All(char.IsAsciiHexDigit))
        {
            var prefix = reference.ToLowerInvariant();
            var candidates = await QueryAsync(
                $"SELECT id FROM {_commits} WHERE id LIKE @prefix ORDER BY id LIMIT {MaxCandidatesListed + 1}",
                static r => r.GetString(0),
                cancellationToken,
                ("prefix", prefix + "%")).ConfigureAwait(false);
            if (candidates.Count == 1)
            {
                return ContentHash.Parse(candidates[0]);
            }

            if (candidates.Count == 0 && ContentHash.TryParse(reference, out var full) && await _blobs.ExistsAsync(full, cancellationToken).ConfigureAwait(false))
            {
                // A full id of a commit that is stored but not indexed (made elsewhere, or by hand).
                return full;
            }

            if (candidates.Count > 1)
            {
                var listed = string.Join(", ", candidates.Take(MaxCandidatesListed));
                var more = candidates.Count > MaxCandidatesListed ? " and more" : string.Empty;
                throw new ValidationException($"Commit prefix '{reference}' is ambiguous: it matches {listed}{more}. Use more digits.");
            }
        }

        if (IsValidName(reference, allowSlash: false)
            && await GetRefAsync(reference, DataVersioningMigrations.BranchKind, DefaultBranch, cancellationToken).ConfigureAwait(false) is { } head)
        {
            return head;
        }

        throw new NotFoundException($"No commit, dataset, branch or tag matches '{reference}'.");
    }

    /// <summary>Loads a commit.</summary>
    /// <param name="id">The commit id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The commit.</returns>
    /// <exception cref="NotFoundException">No such commit is stored.</exception>
    /// <exception cref="CorruptException">The blob is damaged or is not a commit.</exception>
    public async ValueTask<Commit> GetCommitAsync(ContentHash id, CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            bytes = await _blobs.ReadAllBytesAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException e)
        {
            throw new NotFoundException($"Commit {id} is not stored in the workspace at '{_workspace.RootPath}'.", e);
        }

        return Commit.Parse(bytes, id.ToString());
    }

    /// <summary>Loads a tree.</summary>
    /// <param name="hash">The tree's hash.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tree.</returns>
    /// <exception cref="NotFoundException">No such tree is stored.</exception>
    /// <exception cref="CorruptException">The blob is damaged or is not a tree.</exception>
    public async ValueTask<Tree> GetTreeAsync(ContentHash hash, CancellationToken cancellationToken = default)
    {
        var bytes = await _blobs.ReadAllBytesAsync(hash, cancellationToken).ConfigureAwait(false);
        return Tree.Parse(bytes, hash.ToString());
    }

    /// <summary>The first-parent history of a branch, newest first.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="branch">The branch; <c>main</c> when null.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The commits (each knows its <see cref="Commit.Id"/>).</returns>
    /// <exception cref="NotFoundException">The dataset has no such branch.</exception>
    public async ValueTask<IReadOnlyList<Commit>> LogAsync(string dataset, string? branch = null, CancellationToken cancellationToken = default)
    {
        CheckName(dataset, "dataset", allowSlash: false);
        branch ??= DefaultBranch;
        CheckName(branch, "branch", allowSlash: true);
        var next = await GetRefAsync(dataset, DataVersioningMigrations.BranchKind, branch, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException($"Dataset '{dataset}' has no branch '{branch}'.");
        var log = new List<Commit>();
        var seen = new HashSet<ContentHash>();
        ContentHash? id = next;
        while (id is { } current && seen.Add(current))
        {
            var commit = await GetCommitAsync(current, cancellationToken).ConfigureAwait(false);
            log.Add(commit);
            id = commit.Parents.Count > 0 ? commit.Parents[0] : null;
        }

        return log;
    }

    /// <summary>Tags a commit. Tags are immutable: tagging the same commit again is a no-op, another commit a conflict.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="reference">The commit to tag (any form <see cref="ResolveAsync"/> accepts); it must belong to the dataset.</param>
    /// <param name="tag">The tag's name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The tagged commit.</returns>
    /// <exception cref="ConflictException">The tag exists at another commit.</exception>
    /// <exception cref="ValidationException">A name is invalid or the commit belongs to another dataset.</exception>
    public ValueTask<ContentHash> TagAsync(string dataset, string reference, string tag, CancellationToken cancellationToken = default) =>
        CreateRefAsync(dataset, reference, DataVersioningMigrations.TagKind, tag, cancellationToken);

    /// <summary>Creates a branch at a commit.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="name">The branch's name.</param>
    /// <param name="fromReference">Where it starts (any form <see cref="ResolveAsync"/> accepts); it must belong to the dataset.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The branch's head.</returns>
    /// <exception cref="ConflictException">The branch exists.</exception>
    /// <exception cref="ValidationException">A name is invalid or the commit belongs to another dataset.</exception>
    public ValueTask<ContentHash> CreateBranchAsync(string dataset, string name, string fromReference, CancellationToken cancellationToken = default) =>
        CreateRefAsync(dataset, fromReference, DataVersioningMigrations.BranchKind, name, cancellationToken);

    /// <summary>
    /// Writes a commit's files into a folder (created if needed), each through a temp file renamed into
    /// place. Files already there with the same content are left alone; files not in the commit are not
    /// deleted. Every conflict is found before anything is written.
    /// </summary>
    /// <param name="reference">The commit (any form <see cref="ResolveAsync"/> accepts).</param>
    /// <param name="targetFolder">The folder.</param>
    /// <param name="force">Overwrite files whose content differs.</param>
    /// <param name="cancellationToken">Cancels the checkout; files already renamed into place stay.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ConflictException">A file would be overwritten (without <paramref name="force"/>), or a directory or symlink stands where the commit has something else.</exception>
    /// <exception cref="ValidationException">An entry would land outside the target folder.</exception>
    /// <exception cref="CorruptException">A stored object is damaged.</exception>
    public async ValueTask<CheckoutResult> CheckoutAsync(string reference, string targetFolder, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetFolder);
        var id = await ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        var commit = await GetCommitAsync(id, cancellationToken).ConfigureAwait(false);
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetFolder));
        var directories = new List<string>();
        var files = new List<(string Relative, string Full, TreeEntry Entry)>();
        await CollectAsync(commit.Tree, target, target, string.Empty, directories, files, cancellationToken).ConfigureAwait(false);

        foreach (var directory in directories)
        {
            if (File.Exists(directory) || (Directory.Exists(directory) && new DirectoryInfo(directory).LinkTarget is not null))
            {
                throw new ConflictException($"Cannot check out {id} into '{target}': '{directory}' is a file or symlink where the commit has a directory.");
            }
        }

        var toWrite = new List<(string Relative, string Full, TreeEntry Entry, FileManifest Manifest)>();
        var unchanged = 0;
        foreach (var (relative, full, entry) in files)
        {
            var manifest = await Chunks.GetManifestAsync(entry.Hash, cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(full))
            {
                throw new ConflictException($"Cannot check out {id} into '{target}': '{relative}' is a directory where the commit has a file.");
            }

            if (File.Exists(full) && new FileInfo(full).LinkTarget is null)
            {
                if (await SameContentAsync(full, manifest, cancellationToken).ConfigureAwait(false))
                {
                    unchanged++;
                    continue;
                }

                if (!force)
                {
                    throw new ConflictException($"Cannot check out {id} into '{target}': '{relative}' exists with different content; pass force to overwrite it.");
                }
            }
            else if (new FileInfo(full).LinkTarget is not null && !force)
            {
                throw new ConflictException($"Cannot check out {id} into '{target}': '{relative}' is a symlink; pass force to replace it.");
            }

            toWrite.Add((relative, full, entry, manifest));
        }

        Directory.CreateDirectory(target);
        foreach (var directory in directories)
        {
            Directory.CreateDirectory(directory);
        }

        long bytes = 0;
        foreach (var (_, full, entry, manifest) in toWrite)
        {
            await WriteFileAtomicallyAsync(full, manifest, entry.Executable, cancellationToken).ConfigureAwait(false);
            bytes += manifest.Size;
        }

        return new CheckoutResult(id, toWrite.Count, unchanged, bytes);
    }

    /// <summary>How the files of two commits differ, walking only the subtrees whose hashes differ.</summary>
    /// <param name="fromReference">The older commit.</param>
    /// <param name="toReference">The newer commit.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The difference.</returns>
    public async ValueTask<TreeDiff> DiffAsync(string fromReference, string toReference, CancellationToken cancellationToken = default)
    {
        var from = await GetCommitAsync(await ResolveAsync(fromReference, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var to = await GetCommitAsync(await ResolveAsync(toReference, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var added = new List<(string Path, TreeEntry Entry)>();
        var removed = new List<(string Path, TreeEntry Entry)>();
        var modified = new List<string>();
        long bytes = 0;
        if (from.Tree != to.Tree)
        {
            bytes += await DiffTreesAsync(from.Tree, to.Tree, string.Empty, added, removed, modified, cancellationToken).ConfigureAwait(false);
        }

        var renamed = new List<RenamedPath>();
        var removedByHash = removed.ToLookup(static r => r.Entry.Hash);
        var paired = new HashSet<string>(StringComparer.Ordinal);
        var addedLeft = new List<string>();
        foreach (var (path, entry) in added)
        {
            var match = removedByHash[entry.Hash].FirstOrDefault(r => !paired.Contains(r.Path));
            if (match.Entry is not null)
            {
                paired.Add(match.Path);
                renamed.Add(new RenamedPath(match.Path, path));
            }
            else
            {
                addedLeft.Add(path);
                bytes += entry.Size;
            }
        }

        var removedLeft = new List<string>();
        foreach (var (path, entry) in removed)
        {
            if (!paired.Contains(path))
            {
                removedLeft.Add(path);
                bytes += entry.Size;
            }
        }

        addedLeft.Sort(StringComparer.Ordinal);
        removedLeft.Sort(StringComparer.Ordinal);
        modified.Sort(StringComparer.Ordinal);
        return new TreeDiff(addedLeft, removedLeft, modified, renamed, bytes);
    }

    /// <summary>Reads a CSV file of a commit into a batch straight from the stored chunks, without a checkout.</summary>
    /// <param name="reference">The commit (any form <see cref="ResolveAsync"/> accepts).</param>
    /// <param name="path">The file's '/'-separated path in the commit.</param>
    /// <param name="options">The CSV options; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    /// <exception cref="NotFoundException">The commit has no such file.</exception>
    public async ValueTask<RecordBatch> ReadCsvAsync(string reference, string path, CsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenFileAsync(reference, path, cancellationToken).ConfigureAwait(false);
        return await CsvReader.ReadAllAsync(stream, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a file of a commit for reading, straight from the stored chunks (verified as read).</summary>
    /// <param name="reference">The commit (any form <see cref="ResolveAsync"/> accepts).</param>
    /// <param name="path">The file's '/'-separated path in the commit.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A forward-only stream the caller disposes.</returns>
    /// <exception cref="NotFoundException">The commit has no such file.</exception>
    public async ValueTask<Stream> OpenFileAsync(string reference, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var id = await ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        var commit = await GetCommitAsync(id, cancellationToken).ConfigureAwait(false);
        var tree = await GetTreeAsync(commit.Tree, cancellationToken).ConfigureAwait(false);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var entry = tree.Find(segments[i]);
            var last = i == segments.Length - 1;
            if (entry is null || (last && entry.Kind != TreeEntryKind.File) || (!last && entry.Kind != TreeEntryKind.Directory))
            {
                throw new NotFoundException($"Commit {id} ('{reference}') has no file '{path}'.");
            }

            if (last)
            {
                var manifest = await Chunks.GetManifestAsync(entry.Hash, cancellationToken).ConfigureAwait(false);
                return await Chunks.OpenReadAsync(manifest, cancellationToken).ConfigureAwait(false);
            }

            tree = await GetTreeAsync(entry.Hash, cancellationToken).ConfigureAwait(false);
        }

        throw new NotFoundException($"Commit {id} ('{reference}') has no file '{path}'.");
    }

    private static bool IsValidName(string? name, bool allowSlash)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !char.IsAsciiLetterOrDigit(name[0]) || name.Contains("..", StringComparison.Ordinal) || name[^1] == '/')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' || (allowSlash && c == '/')))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckName(string? name, string what, bool allowSlash)
    {
        if (!IsValidName(name, allowSlash))
        {
            throw new ValidationException(
                $"A {what} name must be 1 to {MaxNameLength} characters: letters, digits, '.', '_', '-'{(allowSlash ? ", '/'" : string.Empty)}, starting with a letter or digit, without '..'; '{name}' is not.");
        }
    }

    private static long ToMicros(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10;

    private static bool IsUnder(string root, string path) =>
        path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static async ValueTask<bool> SameContentAsync(string path, FileManifest manifest, CancellationToken cancellationToken)
    {
        if (new FileInfo(path).Length != manifest.Size)
        {
            return false;
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return await ContentHash.ComputeAsync(file, cancellationToken).ConfigureAwait(false) == manifest.Hash;
        }
    }

    private async ValueTask WriteFileAtomicallyAsync(string path, FileManifest manifest, bool executable, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.mlops-tmp");
        try
        {
            var content = await Chunks.OpenReadAsync(manifest, cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (executable && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(temp) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private async ValueTask<(ContentHash Hash, long Size)> WriteTreeAsync(Walk walk, string directory, string relative, CancellationToken cancellationToken)
    {
        // Files of a folder are stored a few at a time (each one's chunks are written in parallel too), so
        // a folder of many mid-sized files keeps the disk and the second core busy; entries keep their order.
        var entries = new List<TreeEntry?>();
        var files = new List<Task<TreeEntry>>();
        var slots = new List<int>();
        var children = new DirectoryInfo(directory).GetFileSystemInfos();
        Array.Sort(children, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var child in children)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = child.Name;
            var path = relative.Length == 0 ? name : $"{relative}/{name}";
            var isDirectory = child is DirectoryInfo;
            if ((relative.Length == 0 && isDirectory && string.Equals(name, ".mlops", StringComparison.Ordinal)) || walk.Ignore.IsIgnored(path, name, isDirectory))
            {
                continue;
            }

            if (TreeEntry.CheckName(name) is { } nameError)
            {
                throw new ValidationException($"Cannot commit '{path}' under '{walk.Root}': {nameError}.");
            }

            var source = child;
            if (child.LinkTarget is not null)
            {
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

                source = resolved;
            }

            if (source is DirectoryInfo)
            {
                var (hash, size) = await WriteTreeAsync(walk, source.FullName, path, cancellationToken).ConfigureAwait(false);
                entries.Add(new TreeEntry(name, TreeEntryKind.Directory, Executable: false, size, hash));
            }
            else
            {
                slots.Add(entries.Count);
                entries.Add(null);
                files.Add(WriteFileEntryAsync(walk, name, source.FullName, cancellationToken));
            }
        }

        var written = await Task.WhenAll(files).ConfigureAwait(false);
        for (var i = 0; i < written.Length; i++)
        {
            entries[slots[i]] = written[i];
        }

        var tree = new Tree(entries.Select(e => e!));
        var info = await _blobs.PutAsync(tree.ToBytes(), cancellationToken).ConfigureAwait(false);
        return (info.Hash, tree.Size);
    }

    private async Task<TreeEntry> WriteFileEntryAsync(Walk walk, string name, string path, CancellationToken cancellationToken)
    {
        await walk.FileSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var written = await Chunks.WriteFileAsync(path, cancellationToken).ConfigureAwait(false);
            var hash = await Chunks.PutManifestAsync(written.Manifest, cancellationToken).ConfigureAwait(false);
            var executable = !OperatingSystem.IsWindows() && File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute);
            walk.Count(written.TotalBytes, written.NewBytes);
            return new TreeEntry(name, TreeEntryKind.File, executable, written.TotalBytes, hash);
        }
        finally
        {
            walk.FileSlots.Release();
        }
    }

    private async ValueTask CollectAsync(
        ContentHash treeHash,
        string target,
        string directory,
        string relative,
        List<string> directories,
        List<(string Relative, string Full, TreeEntry Entry)> files,
        CancellationToken cancellationToken)
    {
        var tree = await GetTreeAsync(treeHash, cancellationToken).ConfigureAwait(false);
        foreach (var entry in tree.Entries)
        {
            var path = relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}";
            var full = Path.GetFullPath(Path.Combine(directory, entry.Name));
            if (TreeEntry.CheckName(entry.Name) is not null || !IsUnder(target, full))
            {
                throw new ValidationException($"Refusing to check out '{path}' of tree {treeHash}: it would land at '{full}', outside '{target}'.");
            }

            if (entry.Kind == TreeEntryKind.Directory)
            {
                directories.Add(full);
                await CollectAsync(entry.Hash, target, full, path, directories, files, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                files.Add((path, full, entry));
            }
        }
    }

    private async ValueTask<long> DiffTreesAsync(
        ContentHash fromHash,
        ContentHash toHash,
        string relative,
        List<(string Path, TreeEntry Entry)> added,
        List<(string Path, TreeEntry Entry)> removed,
        List<string> modified,
        CancellationToken cancellationToken)
    {
        var from = await GetTreeAsync(fromHash, cancellationToken).ConfigureAwait(false);
        var to = await GetTreeAsync(toHash, cancellationToken).ConfigureAwait(false);
        long bytes = 0;
        int i = 0, j = 0;
        while (i < from.Entries.Count || j < to.Entries.Count)
        {
            var a = i < from.Entries.Count ? from.Entries[i] : null;
            var b = j < to.Entries.Count ? to.Entries[j] : null;
            var c = a is null ? 1 : b is null ? -1 : string.CompareOrdinal(a.Name, b.Name);
            if (c < 0)
            {
                await AddAllAsync(a!, Join(relative, a!.Name), removed, cancellationToken).ConfigureAwait(false);
                i++;
                continue;
            }

            if (c > 0)
            {
                await AddAllAsync(b!, Join(relative, b!.Name), added, cancellationToken).ConfigureAwait(false);
                j++;
                continue;
            }

            i++;
            j++;
            var path = Join(relative, a!.Name);
            if (a.Kind == b!.Kind && a.Hash == b.Hash && a.Executable == b.Executable)
            {
                continue;
            }

            if (a.Kind == TreeEntryKind.File && b.Kind == TreeEntryKind.File)
            {
                modified.Add(path);
                bytes += b.Size;
            }
            else if (a.Kind == TreeEntryKind.Directory && b.Kind == TreeEntryKind.Directory)
            {
                bytes += await DiffTreesAsync(a.Hash, b.Hash, path, added, removed, modified, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await AddAllAsync(a, path, removed, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(b, path, added, cancellationToken).ConfigureAwait(false);
            }
        }

        return bytes;
    }

    private static string Join(string relative, string name) => relative.Length == 0 ? name : $"{relative}/{name}";

    private async ValueTask AddAllAsync(TreeEntry entry, string path, List<(string Path, TreeEntry Entry)> into, CancellationToken cancellationToken)
    {
        if (entry.Kind == TreeEntryKind.File)
        {
            into.Add((path, entry));
            return;
        }

        var tree = await GetTreeAsync(entry.Hash, cancellationToken).ConfigureAwait(false);
        foreach (var child in tree.Entries)
        {
            await AddAllAsync(child, Join(path, child.Name), into, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<ContentHash> CreateRefAsync(string dataset, string reference, string kind, string name, CancellationToken cancellationToken)
    {
        CheckName(dataset, "dataset", allowSlash: false);
        CheckName(name, kind, allowSlash: true);
        var id = await ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        var commit = await GetCommitAsync(id, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(commit.Dataset, dataset, StringComparison.Ordinal))
        {
            throw new ValidationException($"Cannot create {kind} '{name}' of dataset '{dataset}' at commit {id}: that commit belongs to dataset '{commit.Dataset}'.");
        }

        var micros = ToMicros(_time.GetUtcNow());
        try
        {
            await _workspace.Database.WriteAsync(
                (connection, transaction, ct) => InsertRefAsync(connection, transaction, dataset, kind, name, id, micros, ct),
                cancellationToken).ConfigureAwait(false);
            return id;
        }
        catch (Exception e) when (_workspace.Dialect.IsUniqueViolation(e))
        {
            var existing = await GetRefAsync(dataset, kind, name, cancellationToken).ConfigureAwait(false);
            if (string.Equals(kind, DataVersioningMigrations.TagKind, StringComparison.Ordinal) && existing == id)
            {
                return id;
            }

            throw new ConflictException($"Dataset '{dataset}' already has a {kind} '{name}' at commit {existing?.ToString() ?? "unknown"}; cannot create it at {id}{(string.Equals(kind, DataVersioningMigrations.TagKind, StringComparison.Ordinal) ? " (tags are immutable)" : string.Empty)}.", e);
        }
    }

    private async ValueTask InsertRefAsync(DbConnection connection, DbTransaction transaction, string dataset, string kind, string name, ContentHash id, long micros, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(
            $"INSERT INTO {_refs} (dataset, kind, name, commit_id, updated_at) VALUES (@dataset, @kind, @name, @commit, @at)",
            transaction,
            cancellationToken,
            ("dataset", dataset),
            ("kind", kind),
            ("name", name),
            ("commit", id.ToString()),
            ("at", micros)).ConfigureAwait(false);

    private async ValueTask<ContentHash?> GetRefAsync(string dataset, string kind, string name, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT commit_id FROM {_refs} WHERE dataset = @dataset AND kind = @kind AND name = @name",
            static r => r.GetString(0),
            cancellationToken,
            ("dataset", dataset),
            ("kind", kind),
            ("name", name)).ConfigureAwait(false);
        return rows.Count == 0 ? null : ContentHash.Parse(rows[0]);
    }

    private async ValueTask<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await _workspace.Database.ReadAsync(
            async (connection, ct) =>
            {
                await using DbCommand command = connection.CreateCommand(sql, null, parameters);
                await using DbDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var list = new List<T>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    list.Add(map(reader));
                }

                return list;
            },
            cancellationToken).ConfigureAwait(false);

    private sealed class Walk(string root, IgnoreRules ignore) : IDisposable
    {
        private int _files;
        private long _bytes;
        private long _newBytes;

        public string Root { get; } = root;

        public IgnoreRules Ignore { get; } = ignore;

        /// <summary>How many files are stored at once.</summary>
        public SemaphoreSlim FileSlots { get; } = new(4, 4);

        public int Files => Volatile.Read(ref _files);

        public long Bytes => Interlocked.Read(ref _bytes);

        public long NewBytes => Interlocked.Read(ref _newBytes);

        public void Count(long bytes, long newBytes)
        {
            Interlocked.Increment(ref _files);
            Interlocked.Add(ref _bytes, bytes);
            Interlocked.Add(ref _newBytes, newBytes);
        }

        public void Dispose() => FileSlots.Dispose();
    }
}
