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
    /// <summary>
    /// How the files of two commits differ, walking only the subtrees whose hashes differ; modified CSV
    /// files also get a row-level summary (<see cref="DiffOptions.CsvRows"/>).
    /// </summary>
    /// <param name="fromReference">The older commit.</param>
    /// <param name="toReference">The newer commit.</param>
    /// <param name="options">Whether to summarize CSV rows; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The difference.</returns>
    public async ValueTask<TreeDiff> DiffAsync(string fromReference, string toReference, DiffOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DiffOptions();
        var fromId = await ResolveAsync(fromReference, cancellationToken).ConfigureAwait(false);
        var toId = await ResolveAsync(toReference, cancellationToken).ConfigureAwait(false);
        var from = await GetCommitAsync(fromId, cancellationToken).ConfigureAwait(false);
        var to = await GetCommitAsync(toId, cancellationToken).ConfigureAwait(false);
        var diff = await DiffTreeHashesAsync(from.Tree, to.Tree, overlay: null, cancellationToken).ConfigureAwait(false);
        if (!options.CsvRows)
        {
            return diff;
        }

        var rows = new List<CsvRowDiff>();
        foreach (var path in diff.Modified.Where(static p => p.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
        {
            var before = await FindFileAsync(from.Tree, path, cancellationToken).ConfigureAwait(false);
            var after = await FindFileAsync(to.Tree, path, cancellationToken).ConfigureAwait(false);
            if (before is null || after is null || before.Size > options.MaxCsvBytes || after.Size > options.MaxCsvBytes)
            {
                continue;
            }

            var old = await HashCsvAsync(before, cancellationToken).ConfigureAwait(false);
            var current = await HashCsvAsync(after, cancellationToken).ConfigureAwait(false);
            long removed = 0;
            foreach (var (hash, count) in old.Records)
            {
                removed += Math.Max(0, count - current.Records.GetValueOrDefault(hash));
            }

            var added = current.Count - (old.Count - removed);
            rows.Add(new CsvRowDiff(path, old.Count, current.Count, added, removed, old.Header != current.Header));
        }

        return diff with { CsvRows = rows };
    }

    private async ValueTask<(UInt128 Header, Dictionary<UInt128, long> Records, long Count)> HashCsvAsync(TreeEntry file, CancellationToken cancellationToken)
    {
        var manifest = await Chunks.GetManifestAsync(file.Hash, cancellationToken).ConfigureAwait(false);
        var stream = await Chunks.OpenReadAsync(manifest, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await CsvRecordHasher.HashAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<TreeEntry?> FindFileAsync(ContentHash tree, string path, CancellationToken cancellationToken)
    {
        var segments = path.Split('/');
        var current = await GetTreeAsync(tree, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < segments.Length; i++)
        {
            var entry = current.Find(segments[i]);
            if (entry is null)
            {
                return null;
            }

            if (i == segments.Length - 1)
            {
                return entry.Kind == TreeEntryKind.File ? entry : null;
            }

            if (entry.Kind != TreeEntryKind.Directory)
            {
                return null;
            }

            current = await GetTreeAsync(entry.Hash, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Diffs two trees; trees in <paramref name="overlay"/> (a working folder's, only hashed) are taken from it rather than the store.</summary>
    private async ValueTask<TreeDiff> DiffTreeHashesAsync(ContentHash fromTree, ContentHash toTree, IReadOnlyDictionary<ContentHash, Tree>? overlay, CancellationToken cancellationToken)
    {
        var added = new List<(string Path, TreeEntry Entry)>();
        var removed = new List<(string Path, TreeEntry Entry)>();
        var modified = new List<string>();
        long bytes = 0;
        if (fromTree != toTree)
        {
            bytes += await DiffTreesAsync(fromTree, toTree, string.Empty, added, removed, modified, overlay, cancellationToken).ConfigureAwait(false);
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
        IReadOnlyDictionary<ContentHash, Tree>? overlay,
        CancellationToken cancellationToken)
    {
        var from = await LoadTreeAsync(fromHash, overlay, cancellationToken).ConfigureAwait(false);
        var to = await LoadTreeAsync(toHash, overlay, cancellationToken).ConfigureAwait(false);
        long bytes = 0;
        int i = 0, j = 0;
        while (i < from.Entries.Count || j < to.Entries.Count)
        {
            var a = i < from.Entries.Count ? from.Entries[i] : null;
            var b = j < to.Entries.Count ? to.Entries[j] : null;
            var c = a is null ? 1 : b is null ? -1 : string.CompareOrdinal(a.Name, b.Name);
            if (c < 0)
            {
                await AddAllAsync(a!, Join(relative, a!.Name), removed, overlay, cancellationToken).ConfigureAwait(false);
                i++;
                continue;
            }

            if (c > 0)
            {
                await AddAllAsync(b!, Join(relative, b!.Name), added, overlay, cancellationToken).ConfigureAwait(false);
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
                bytes += await DiffTreesAsync(a.Hash, b.Hash, path, added, removed, modified, overlay, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await AddAllAsync(a, path, removed, overlay, cancellationToken).ConfigureAwait(false);
                await AddAllAsync(b, path, added, overlay, cancellationToken).ConfigureAwait(false);
            }
        }

        return bytes;
    }

    private static string Join(string relative, string name) => relative.Length == 0 ? name : $"{relative}/{name}";

    private ValueTask<Tree> LoadTreeAsync(ContentHash hash, IReadOnlyDictionary<ContentHash, Tree>? overlay, CancellationToken cancellationToken) =>
        overlay is not null && overlay.TryGetValue(hash, out var tree) ? ValueTask.FromResult(tree) : GetTreeAsync(hash, cancellationToken);

    private async ValueTask AddAllAsync(TreeEntry entry, string path, List<(string Path, TreeEntry Entry)> into, IReadOnlyDictionary<ContentHash, Tree>? overlay, CancellationToken cancellationToken)
    {
        if (entry.Kind == TreeEntryKind.File)
        {
            into.Add((path, entry));
            return;
        }

        var tree = await LoadTreeAsync(entry.Hash, overlay, cancellationToken).ConfigureAwait(false);
        foreach (var child in tree.Entries)
        {
            await AddAllAsync(child, Join(path, child.Name), into, overlay, cancellationToken).ConfigureAwait(false);
        }
    }
}
