using System.Data.Common;
using MLOps.Storage.Sql;

namespace MLOps.DataVersioning;

/// <summary>Refs: resolving references, tags, branches (created, deleted with an expected head), the ref rows.</summary>
public sealed partial class DataRepository
{
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
    /// Deletes a branch (its commits stay until <see cref="CollectGarbageAsync"/> finds nothing else
    /// reaching them). Refuses when the branch moved from <paramref name="expectedHead"/>.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="branch">The branch.</param>
    /// <param name="expectedHead">Where the caller believes the branch is; null deletes it wherever it is.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The head the branch had.</returns>
    /// <exception cref="NotFoundException">No such branch.</exception>
    /// <exception cref="ConflictException">The branch is not at <paramref name="expectedHead"/>.</exception>
    public async ValueTask<ContentHash> DeleteBranchAsync(string dataset, string branch, ContentHash? expectedHead = null, CancellationToken cancellationToken = default)
    {
        CheckName(dataset, "dataset", allowSlash: false);
        CheckName(branch, "branch", allowSlash: true);
        var head = await GetRefAsync(dataset, DataVersioningMigrations.BranchKind, branch, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException($"Dataset '{dataset}' has no branch '{branch}'.");
        var expected = expectedHead ?? head;
        var deleted = await _workspace.Database.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteAsync(
                $"DELETE FROM {_refs} WHERE dataset = @dataset AND kind = @kind AND name = @name AND commit_id = @expected",
                transaction,
                ct,
                ("dataset", dataset),
                ("kind", DataVersioningMigrations.BranchKind),
                ("name", branch),
                ("expected", expected.ToString())),
            cancellationToken).ConfigureAwait(false);
        if (deleted == 0)
        {
            throw new ConflictException($"Branch '{branch}' of dataset '{dataset}' is no longer at {expected}; not deleted.");
        }

        return expected;
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
}
