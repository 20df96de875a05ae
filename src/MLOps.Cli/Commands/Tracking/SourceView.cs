namespace MLOps.Cli.Commands.Tracking;

/// <summary>Where a run came from.</summary>
internal sealed record SourceView(string? User, string? Host, string? GitCommit, string? EntryAssembly);
