namespace MLOps.DataVersioning;

/// <summary>Status: a working folder against a branch's head, reading only files the working-state index cannot vouch for.</summary>
public sealed partial class DataRepository
{
    /// <summary>
    /// Compares a folder with the head of a dataset's branch: files added, modified and deleted (and
    /// renames). Files whose stat matches the folder's working-state index are not read; the others are
    /// chunked and hashed without storing anything, and the index is refreshed with what was seen.
    /// </summary>
    /// <param name="folder">The working folder.</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="branch">The branch; <c>main</c> when null. A branch that does not exist yet compares with an empty tree.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The status.</returns>
    /// <exception cref="NotFoundException">The folder does not exist.</exception>
    /// <exception cref="ValidationException">A name is invalid, or the folder holds something a commit would refuse.</exception>
    public async ValueTask<WorkingStatus> StatusAsync(string folder, string dataset, string? branch = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        CheckName(dataset, "dataset", allowSlash: false);
        branch ??= DefaultBranch;
        CheckName(branch, "branch", allowSlash: true);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(root))
        {
            throw new NotFoundException($"Cannot compare '{folder}' with dataset '{dataset}': the folder does not exist.");
        }

        using var walk = await OpenWalkAsync(root, store: false, cancellationToken).ConfigureAwait(false);
        var (treeHash, _) = await ScanTreeAsync(walk, root, string.Empty, headTree: null, cancellationToken).ConfigureAwait(false);
        walk.SaveIndex();

        var head = await GetRefAsync(dataset, DataVersioningMigrations.BranchKind, branch, cancellationToken).ConfigureAwait(false);
        ContentHash headTree;
        if (head is { } headId)
        {
            headTree = (await GetCommitAsync(headId, cancellationToken).ConfigureAwait(false)).Tree;
        }
        else
        {
            headTree = Tree.Empty.ComputeHash();
            walk.Trees[headTree] = Tree.Empty;
        }

        var diff = await DiffTreeHashesAsync(headTree, treeHash, walk.Trees, cancellationToken).ConfigureAwait(false);
        return new WorkingStatus(head, diff.Added, diff.Modified, diff.Removed, diff.Renamed, walk.Files, walk.Bytes, walk.FilesRead);
    }
}
