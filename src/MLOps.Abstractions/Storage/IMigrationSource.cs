namespace MLOps.Storage;

/// <summary>A module's schema: its name and its numbered migrations.</summary>
public interface IMigrationSource
{
    /// <summary>The module's name (lower-case letters, digits, underscores); the table prefix or schema.</summary>
    string Module { get; }

    /// <summary>The migrations in order, numbered from 1 without gaps.</summary>
    IReadOnlyList<Migration> Migrations { get; }
}
