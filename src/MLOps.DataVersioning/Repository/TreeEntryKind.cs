namespace MLOps.DataVersioning;

/// <summary>What a <see cref="TreeEntry"/> names.</summary>
public enum TreeEntryKind
{
    /// <summary>A file: the entry's hash is a <see cref="FileManifest"/> blob.</summary>
    File = 0,

    /// <summary>A directory: the entry's hash is a <see cref="Tree"/> blob.</summary>
    Directory = 1,
}
