namespace MLOps.Storage;

/// <summary>
/// One numbered step of a module's schema. Applied once, inside a transaction, and recorded; its
/// statements are produced for the workspace's dialect.
/// </summary>
/// <param name="Version">The step's number: 1, 2, 3 … without gaps.</param>
/// <param name="Description">What the step does, recorded with it.</param>
/// <param name="Statements">Produces the SQL statements for a dialect.</param>
public sealed record Migration(int Version, string Description, Func<ISqlDialect, IReadOnlyList<string>> Statements);
