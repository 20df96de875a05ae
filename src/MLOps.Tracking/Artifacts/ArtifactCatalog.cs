using System.Data.Common;
using MLOps.Storage.Sql;
using MLOps.Tracking.Artifacts;
using MLOps.Tracking.Runs;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking;

/// <summary>
/// Run artifacts: files and streams stored in the workspace's content-addressed blob store (verified by
/// hash on every read) and listed per run with path, size and hash. Logging a path again replaces what
/// the path points to; earlier content stays in the blob store (model versions keep their own hash).
/// Reached through <see cref="TrackingStore.Artifacts"/>. Thread-safe.
/// </summary>
public sealed class ArtifactCatalog
{
    private readonly TrackingContext _context;
    private readonly string _upsert;

    internal ArtifactCatalog(TrackingContext context)
    {
        _context = context;
        _upsert = context.Dialect.Upsert(context.Tables.Artifacts, ["run_seq", "path", "hash", "size", "logged_at"], ["run_seq", "path"], ["hash", "size", "logged_at"]);
    }

    /// <summary>Stores a stream's content as an artifact.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="artifactPath">The path within the run, such as <c>model/model.onnx</c>.</param>
    /// <param name="content">The content, read from its position to its end (not disposed).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>What was stored.</returns>
    /// <exception cref="ValidationException">The path is invalid.</exception>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    /// <exception cref="ConflictException">The run is deleted.</exception>
    public async ValueTask<ArtifactInfo> LogAsync(string runId, string artifactPath, Stream content, CancellationToken cancellationToken = default)
    {
        ArtifactPaths.Check(artifactPath);
        ArgumentNullException.ThrowIfNull(content);
        TrackingNames.RunId(runId);

        // Check the run before writing the blob, so a typo does not store content nobody points to.
        await _context.Database.ReadAsync((c, ct) => RunRow.RequireActiveAsync(_context, c, null, runId, ct), cancellationToken).ConfigureAwait(false);
        var blob = await _context.Workspace.Blobs.PutAsync(content, cancellationToken).ConfigureAwait(false);
        var now = _context.Now();
        await _context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var row = await RunRow.RequireActiveAsync(_context, connection, transaction, runId, ct).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    _upsert, transaction, ct, ("run_seq", row.Seq), ("path", artifactPath), ("hash", blob.Hash.ToString()), ("size", blob.Size), ("logged_at", now)).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return new ArtifactInfo(artifactPath, blob.Size, blob.Hash, Micros.ToTime(now));
    }

    /// <summary>Stores a file as an artifact.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="filePath">The file.</param>
    /// <param name="artifactPath">The path within the run; null means the file's name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>What was stored.</returns>
    /// <exception cref="NotFoundException">The file or the run does not exist.</exception>
    public async ValueTask<ArtifactInfo> LogFileAsync(string runId, string filePath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        if (!File.Exists(filePath))
        {
            throw new NotFoundException($"Artifact file {Path.GetFullPath(filePath)} does not exist.");
        }

        await using var stream = File.OpenRead(filePath);
        return await LogAsync(runId, artifactPath ?? Path.GetFileName(filePath), stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists a run's artifacts by path.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="prefix">Only paths starting with this (such as <c>model/</c>); null lists all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The artifacts in path order.</returns>
    /// <exception cref="NotFoundException">No run has the id.</exception>
    public ValueTask<IReadOnlyList<ArtifactInfo>> ListAsync(string runId, string? prefix = null, CancellationToken cancellationToken = default) =>
        _context.Database.ReadAsync<IReadOnlyList<ArtifactInfo>>(
            async (connection, ct) =>
            {
                var row = await RunRow.RequireAsync(_context, connection, null, runId, ct).ConfigureAwait(false);
                var all = await ReadAsync(connection, row.Seq, null, ct).ConfigureAwait(false);
                return prefix is null ? all : all.Where(a => a.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            },
            cancellationToken);

    /// <summary>Gets one artifact's entry.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="artifactPath">The path within the run.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The artifact.</returns>
    /// <exception cref="NotFoundException">The run or the artifact does not exist.</exception>
    public ValueTask<ArtifactInfo> GetAsync(string runId, string artifactPath, CancellationToken cancellationToken = default) =>
        _context.Database.ReadAsync(
            async (connection, ct) =>
            {
                var row = await RunRow.RequireAsync(_context, connection, null, runId, ct).ConfigureAwait(false);
                var found = await ReadAsync(connection, row.Seq, artifactPath, ct).ConfigureAwait(false);
                return found.Count > 0
                    ? found[0]
                    : throw new NotFoundException($"Run '{runId}' has no artifact '{TrackingNames.Shorten(artifactPath ?? string.Empty)}'.");
            },
            cancellationToken);

    /// <summary>Opens an artifact's content; the stream verifies the hash as it reaches the end.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="artifactPath">The path within the run.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A read-only stream the caller disposes.</returns>
    /// <exception cref="NotFoundException">The run, the artifact or its blob does not exist.</exception>
    public async ValueTask<Stream> OpenReadAsync(string runId, string artifactPath, CancellationToken cancellationToken = default)
    {
        var info = await GetAsync(runId, artifactPath, cancellationToken).ConfigureAwait(false);
        return await _context.Workspace.Blobs.OpenReadAsync(info.Hash, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes an artifact's verified content to a file (through a temporary file, so a failed download leaves nothing).</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="artifactPath">The path within the run.</param>
    /// <param name="destination">The file to write (replaced when it exists).</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The artifact's entry.</returns>
    /// <exception cref="NotFoundException">The run, the artifact or its blob does not exist.</exception>
    /// <exception cref="CorruptException">The stored content does not match its hash.</exception>
    public async ValueTask<ArtifactInfo> DownloadAsync(string runId, string artifactPath, string destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var info = await GetAsync(runId, artifactPath, cancellationToken).ConfigureAwait(false);
        var temp = destination + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using (var source = await _context.Workspace.Blobs.OpenReadAsync(info.Hash, cancellationToken).ConfigureAwait(false))
            await using (var target = File.Create(temp))
            {
                await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, destination, overwrite: true);
            return info;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async ValueTask<List<ArtifactInfo>> ReadAsync(DbConnection connection, long seq, string? path, CancellationToken cancellationToken)
    {
        var sql = $"SELECT path, size, hash, logged_at FROM {_context.Tables.Artifacts} WHERE run_seq = @seq" + (path is null ? " ORDER BY path" : " AND path = @path");
        await using var command = path is null
            ? connection.CreateCommand(sql, null, ("seq", seq))
            : connection.CreateCommand(sql, null, ("seq", seq), ("path", path));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<ArtifactInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ArtifactInfo(reader.GetString(0), reader.Int64(1), ContentHash.Parse(reader.GetString(2)), Micros.ToTime(reader.Int64(3))));
        }

        return list;
    }
}
