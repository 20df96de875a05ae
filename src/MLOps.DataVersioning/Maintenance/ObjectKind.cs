namespace MLOps.DataVersioning;

/// <summary>What a data-versioning object is.</summary>
public enum ObjectKind
{
    /// <summary>A piece of a file's content.</summary>
    Chunk,

    /// <summary>A file's ordered chunk list (<see cref="FileManifest"/>).</summary>
    Manifest,

    /// <summary>A directory listing (<see cref="Tree"/>).</summary>
    Tree,

    /// <summary>A commit (<see cref="DataVersioning.Commit"/>).</summary>
    Commit,
}
