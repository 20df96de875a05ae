using Microsoft.Win32.SafeHandles;

namespace MLOps.DataVersioning;

/// <summary>
/// The whole-file cache behind linked checkouts (<c>datasets/files/ab/cdef…</c>, named by manifest hash, a
/// <c>.x</c> suffix for executable files): each file version assembled once from verified chunks,
/// read-only, its modification time pinned to a sentinel so a copy changed through a link is noticed
/// and rebuilt.
/// </summary>
public sealed partial class DataRepository
{
    private static readonly DateTime CachedFileTime = DateTime.UnixEpoch.AddSeconds(1);

    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ReadOnlyExecutable = ReadOnly | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private string FileCachePath => Path.Combine(DataPath, "files");

    private string CachedFilePath(TreeEntry entry)
    {
        var hex = entry.Hash.ToString();
        return Path.Combine(FileCachePath, hex[..2], hex[2..] + (entry.Executable ? ".x" : string.Empty));
    }

    private bool IsLinkedTo(string path, TreeEntry entry)
    {
        var cached = CachedFilePath(entry);
        if (!File.Exists(cached))
        {
            return false;
        }

        var here = FileStat.Of(path);
        var there = FileStat.Of(cached);
        return here.Inode != 0 && here.Inode == there.Inode;
    }

    private async ValueTask<string> EnsureCachedFileAsync(TreeEntry entry, FileManifest manifest, CancellationToken cancellationToken)
    {
        var path = CachedFilePath(entry);
        var info = new FileInfo(path);
        if (info.Exists && info.Length == manifest.Size && info.LastWriteTimeUtc == CachedFileTime)
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await WriteFileAtomicallyAsync(path, manifest, entry.Executable, cancellationToken, finish: temp =>
        {
            File.SetLastWriteTimeUtc(temp, CachedFileTime);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, entry.Executable ? ReadOnlyExecutable : ReadOnly);
            }
        }).ConfigureAwait(false);
        return path;
    }

    /// <summary>Puts a link (or clone) of a cached file at a path, through a temp name renamed over it. Returns false when a clone fell back to a copy.</summary>
    private static bool PlaceLinked(string cached, string path, CheckoutLink link)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.mlops-tmp");
        var cloned = true;
        try
        {
            switch (link)
            {
                case CheckoutLink.Hardlink:
                    NativeLinks.CreateHardLink(cached, temp);
                    break;
                case CheckoutLink.Symlink:
                    File.CreateSymbolicLink(temp, cached);
                    break;
                default:
                    cloned = CloneOrCopy(cached, temp);
                    break;
            }

            File.Move(temp, path, overwrite: true);
            return cloned;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static bool CloneOrCopy(string cached, string temp)
    {
        bool cloned;
        using (SafeFileHandle source = File.OpenHandle(cached, FileMode.Open, FileAccess.Read))
        using (SafeFileHandle destination = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write))
        {
            cloned = NativeLinks.TryClone(source, destination);
        }

        if (!cloned)
        {
            File.Copy(cached, temp, overwrite: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, File.GetUnixFileMode(cached));
        }

        return cloned;
    }

    /// <summary>Removes cached files of versions no longer reachable (after gc).</summary>
    private void RemoveCachedFiles(IReadOnlySet<ContentHash> reachable, IReadOnlySet<ContentHash> young)
    {
        if (!Directory.Exists(FileCachePath))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(FileCachePath, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            var hex = Path.GetFileName(Path.GetDirectoryName(file)) + (name.EndsWith(".x", StringComparison.Ordinal) ? name[..^2] : name);
            if (!ContentHash.TryParse(hex, out var hash) || (!reachable.Contains(hash) && !young.Contains(hash)))
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
