using System.Runtime.InteropServices;

namespace MLOps.DataVersioning;

/// <summary>
/// What the working-state index remembers of a file to decide, without reading it, that it has not
/// changed: size, modification and status-change times (nanoseconds since the epoch), inode and mode.
/// On Linux these come from one <c>statx</c> call; elsewhere from <see cref="FileInfo"/> (no inode, no
/// status-change time).
/// </summary>
/// <param name="Size">The size in bytes.</param>
/// <param name="ModifiedNs">The last write time, nanoseconds since the Unix epoch.</param>
/// <param name="ChangedNs">The status-change time (ctime), nanoseconds since the Unix epoch; 0 where unknown.</param>
/// <param name="Inode">The inode number; 0 where unknown.</param>
/// <param name="Executable">Whether the owner may execute the file.</param>
public readonly partial record struct FileStat(long Size, long ModifiedNs, long ChangedNs, ulong Inode, bool Executable)
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxBufferSize = 256;
    private const uint OwnerExecute = 0x40;
    private static bool s_statxMissing;

    /// <summary>Reads a file's stat (following symlinks).</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The stat.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static FileStat Of(string path)
    {
        if (OperatingSystem.IsLinux() && !s_statxMissing && TryStatx(path, out var stat))
        {
            return stat;
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        }

        var executable = !OperatingSystem.IsWindows() && info.UnixFileMode.HasFlag(UnixFileMode.UserExecute);
        return new FileStat(info.Length, (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100, 0, 0, executable);
    }

    private static unsafe bool TryStatx(string path, out FileStat stat)
    {
        stat = default;
        byte* buffer = stackalloc byte[StatxBufferSize];
        int result;
        try
        {
            result = Statx(AtFdCwd, path, 0, StatxBasicStats, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            s_statxMissing = true;
            return false;
        }
        catch (DllNotFoundException)
        {
            s_statxMissing = true;
            return false;
        }

        if (result != 0)
        {
            return false;
        }

        // struct statx has the same layout on every architecture: mode at 28, ino at 32, size at 40,
        // ctime at 96 and mtime at 112 (each an s64 tv_sec and a u32 tv_nsec).
        var mode = *(ushort*)(buffer + 28);
        var inode = *(ulong*)(buffer + 32);
        var size = *(long*)(buffer + 40);
        var changed = (*(long*)(buffer + 96) * 1_000_000_000L) + *(uint*)(buffer + 104);
        var modified = (*(long*)(buffer + 112) * 1_000_000_000L) + *(uint*)(buffer + 120);
        stat = new FileStat(size, modified, changed, inode, (mode & OwnerExecute) != 0);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
