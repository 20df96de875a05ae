using System.Data.Common;
using System.Globalization;
using MLOps.Data;
using MLOps.Storage;
using MLOps.Storage.Csv;
using MLOps.Storage.Sql;

namespace MLOps.DataVersioning;

/// <summary>Checking a version out into a folder: conflicts found first, then each file written to a temp file and renamed.</summary>
public sealed partial class DataRepository
{
    /// <summary>
    /// Writes a commit's files into a folder (created if needed), each through a temp file (or link)
    /// renamed into place: copies, or hard links, clones or symlinks to a read-only whole-file cache
    /// (<see cref="CheckoutOptions.Link"/>). Files already there with the same content are left alone
    /// (in a link mode, replaced by the link); files not in the commit are not deleted. Every conflict
    /// is found before anything is written.
    /// </summary>
    /// <param name="reference">The commit (any form <see cref="ResolveAsync"/> accepts).</param>
    /// <param name="targetFolder">The folder.</param>
    /// <param name="options">The link mode and whether to overwrite local changes.</param>
    /// <param name="cancellationToken">Cancels the checkout; files already renamed into place stay.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ConflictException">A file would be overwritten (without <see cref="CheckoutOptions.Force"/>), or a directory or symlink stands where the commit has something else.</exception>
    /// <exception cref="ValidationException">An entry would land outside the target folder.</exception>
    /// <exception cref="CorruptException">A stored object is damaged.</exception>
    public async ValueTask<CheckoutResult> CheckoutAsync(string reference, string targetFolder, CheckoutOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetFolder);
        var force = options?.Force ?? false;
        var link = options?.Link ?? CheckoutLink.Copy;
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
                    if (link == CheckoutLink.Copy || IsLinkedTo(full, entry))
                    {
                        unchanged++;
                        continue;
                    }

                    toWrite.Add((relative, full, entry, manifest));
                    continue;
                }

                if (!force)
                {
                    throw new ConflictException($"Cannot check out {id} into '{target}': '{relative}' exists with different content; pass force to overwrite it.");
                }
            }
            else if (new FileInfo(full).LinkTarget is { } linkTarget && link == CheckoutLink.Symlink && string.Equals(linkTarget, CachedFilePath(entry), StringComparison.Ordinal))
            {
                unchanged++;
                continue;
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

        // Files are written a few at a time: reading and verifying chunks, and writing, overlap.
        long bytes = 0;
        var copiedInstead = 0;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 2, 4) };
        await Parallel.ForEachAsync(toWrite, parallel, async (item, ct) =>
        {
            var (_, full, entry, manifest) = item;
            if (link == CheckoutLink.Copy)
            {
                await WriteFileAtomicallyAsync(full, manifest, entry.Executable, ct).ConfigureAwait(false);
            }
            else
            {
                var cached = await EnsureCachedFileAsync(entry, manifest, ct).ConfigureAwait(false);
                if (!PlaceLinked(cached, full, link))
                {
                    Interlocked.Increment(ref copiedInstead);
                }
            }

            Interlocked.Add(ref bytes, manifest.Size);
        }).ConfigureAwait(false);

        return new CheckoutResult(id, toWrite.Count, unchanged, bytes) { Link = link, CopiedInsteadOfCloned = copiedInstead };
    }

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

    private async ValueTask WriteFileAtomicallyAsync(string path, FileManifest manifest, bool executable, CancellationToken cancellationToken, Action<string>? finish = null)
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

            finish?.Invoke(temp);

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
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
}
