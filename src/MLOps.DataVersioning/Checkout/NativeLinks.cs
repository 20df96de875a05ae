using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MLOps.DataVersioning;

/// <summary>Hard links and copy-on-write clones through libc, which .NET does not expose.</summary>
internal static partial class NativeLinks
{
    private const ulong FiClone = 0x40049409;

    /// <summary>Creates a hard link.</summary>
    /// <param name="existing">The existing file.</param>
    /// <param name="link">The new name.</param>
    /// <exception cref="IOException">The link cannot be made (another file system, no permission, not supported).</exception>
    public static void CreateHardLink(string existing, string link)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Hard-link checkouts need a Unix system.");
        }

        if (Link(existing, link) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot hard-link '{link}' to '{existing}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}). Hard links need the target on the workspace's file system; use copy or reflink.");
        }
    }

    /// <summary>Clones a file's content copy-on-write into an empty file (FICLONE).</summary>
    /// <param name="source">The source file, open for reading.</param>
    /// <param name="destination">The destination file, open for writing.</param>
    /// <returns>Whether the file system cloned it; false means copy instead.</returns>
    public static bool TryClone(SafeFileHandle source, SafeFileHandle destination)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var added = false;
        var addedSource = false;
        try
        {
            destination.DangerousAddRef(ref added);
            source.DangerousAddRef(ref addedSource);
            return Ioctl((int)destination.DangerousGetHandle(), FiClone, (int)source.DangerousGetHandle()) == 0;
        }
        finally
        {
            if (added)
            {
                destination.DangerousRelease();
            }

            if (addedSource)
            {
                source.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Link(string existing, string link);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Ioctl(int fd, ulong request, int argument);
}
