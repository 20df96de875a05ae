namespace MLOps.Tracking;

/// <summary>Where a run came from, captured automatically when it starts (each part is null when unknown).</summary>
/// <param name="User">The operating-system user (or <see cref="TrackingOptions.User"/>).</param>
/// <param name="Host">The machine name.</param>
/// <param name="GitCommit">The commit checked out in the git repository around the current directory.</param>
/// <param name="EntryAssembly">The entry assembly's name and version, such as <c>Trainer 1.2.0</c>.</param>
public sealed record RunSource(string? User, string? Host, string? GitCommit, string? EntryAssembly)
{
    /// <summary>A source with nothing known.</summary>
    public static RunSource Unknown { get; } = new(null, null, null, null);
}
