namespace MLOps.DataVersioning;

/// <summary>How <see cref="DataRepository.CheckoutAsync"/> puts files in place.</summary>
public enum CheckoutLink
{
    /// <summary>An independent, writable copy of each file (the default).</summary>
    Copy,

    /// <summary>
    /// A hard link to a read-only whole-file copy kept in the workspace's file cache (<c>datasets/files</c>),
    /// built once per file version: a second checkout of the same data costs one link per file. Needs the
    /// target on the workspace's file system.
    /// </summary>
    Hardlink,

    /// <summary>A copy-on-write clone of the cached file (FICLONE on btrfs, XFS and the like), read-only; falls back to a copy where the file system cannot clone.</summary>
    Reflink,

    /// <summary>A symbolic link to the read-only cached file.</summary>
    Symlink,
}
