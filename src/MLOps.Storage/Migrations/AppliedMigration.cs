namespace MLOps.Storage.Migrations;

/// <summary>A migration recorded as applied in a workspace database.</summary>
/// <param name="Module">The module that owns it.</param>
/// <param name="Version">Its number.</param>
/// <param name="Description">What it did.</param>
/// <param name="AppliedAt">When it was applied (UTC).</param>
public sealed record AppliedMigration(string Module, int Version, string Description, DateTimeOffset AppliedAt);
