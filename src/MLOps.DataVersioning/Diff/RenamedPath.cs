namespace MLOps.DataVersioning;

/// <summary>A file that moved: removed at one path and added with the same content at another.</summary>
/// <param name="From">The old path ('/'-separated).</param>
/// <param name="To">The new path.</param>
public sealed record RenamedPath(string From, string To);
