namespace MLOps.Cli.Commands.Workspace;

/// <summary>A module's schema version.</summary>
/// <param name="Module">The module.</param>
/// <param name="Version">Its highest applied migration.</param>
public sealed record ModuleVersion(string Module, int Version);
