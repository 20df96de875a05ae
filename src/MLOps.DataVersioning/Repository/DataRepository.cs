using System.Data.Common;
using System.Globalization;
using MLOps.Data;
using MLOps.Storage;
using MLOps.Storage.Blobs;
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
public sealed partial class DataRepository
{
    /// <summary>A dataset's default branch.</summary>
    public const string DefaultBranch = "main";

    /// <summary>The shortest commit-id prefix <see cref="ResolveAsync"/> accepts.</summary>
    public const int MinPrefixLength = 7;

    private const int MaxNameLength = 200;
    private const int MaxCandidatesListed = 10;

    /// <summary>The folder, under the workspace root, that holds everything data versioning stores on disk.</summary>
    public const string DataFolderName = "datasets";

    private readonly MLOpsWorkspace _workspace;
    private readonly FileBlobStore _blobs;
    private readonly TimeProvider _time;
    private readonly ChunkStore _hashOnlyChunks;
    private readonly string _commits;
    private readonly string _refs;

    private DataRepository(MLOpsWorkspace workspace, ChunkingOptions? chunking, TimeProvider? timeProvider)
    {
        _workspace = workspace;
        _time = timeProvider ?? workspace.TimeProvider;
        DataPath = Path.Combine(workspace.RootPath, DataFolderName);
        _blobs = new FileBlobStore(Path.Combine(DataPath, "objects"), _time) { RefreshExistingOnPut = true, DeferDurability = true };
        Chunks = new ChunkStore(_blobs, chunking);
        _hashOnlyChunks = new ChunkStore(HashingBlobSink.Instance, chunking);
        _commits = DataVersioningMigrations.CommitsTable(workspace.Dialect);
        _refs = DataVersioningMigrations.RefsTable(workspace.Dialect);
    }

    /// <summary>The chunk store the files go through.</summary>
    public ChunkStore Chunks { get; }

    /// <summary>
    /// The object store of data versioning (<c>datasets/objects</c> under the workspace): chunks, file
    /// manifests, trees and commits, and nothing else, so <see cref="CollectGarbageAsync"/> can remove
    /// what no ref reaches without touching other modules' blobs.
    /// </summary>
    public FileBlobStore Objects => _blobs;

    /// <summary>The data-versioning folder under the workspace root (objects, working-state indexes, the checkout file cache).</summary>
    public string DataPath { get; }

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

}
