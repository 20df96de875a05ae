namespace MLOps.Tracking;

/// <summary>A file stored with a run: its path within the run, its size and the hash of its content in the blob store.</summary>
/// <param name="Path">The relative path, with forward slashes, such as <c>model/model.onnx</c>.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="Hash">The content's SHA-256 (the blob's name in the workspace).</param>
/// <param name="LoggedAt">When it was stored.</param>
public sealed record ArtifactInfo(string Path, long Size, ContentHash Hash, DateTimeOffset LoggedAt);
