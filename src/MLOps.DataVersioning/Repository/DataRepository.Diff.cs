using System.Data.Common;
using System.Globalization;
using MLOps.Data;
using MLOps.Storage;
using MLOps.Storage.Csv;
using MLOps.Storage.Sql;

namespace MLOps.DataVersioning;

/// <summary>Comparing two versions, descending only into subtrees whose hashes differ.</summary>
public sealed partial class DataRepository
{
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
}
