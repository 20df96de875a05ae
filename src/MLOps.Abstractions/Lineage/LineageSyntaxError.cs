namespace MLOps.Lineage;

/// <summary>Where a part of a lineage reference breaks the grammar, and why.</summary>
/// <param name="Position">The zero-based character position within the part.</param>
/// <param name="Reason">What is wrong, as a sentence fragment without a trailing period.</param>
internal readonly record struct LineageSyntaxError(int Position, string Reason);
