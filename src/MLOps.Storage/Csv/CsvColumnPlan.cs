using MLOps.Data;

namespace MLOps.Storage.Csv;

/// <summary>How one column of the file becomes one column of the batches.</summary>
/// <param name="FileColumn">The 0-based column in the file.</param>
/// <param name="SchemaColumn">The 0-based column in the schema (differs from the file's when the header order differs).</param>
/// <param name="Field">The schema field.</param>
/// <param name="Origin">Where the field's type came from.</param>
internal sealed record CsvColumnPlan(int FileColumn, int SchemaColumn, Field Field, CsvTypeOrigin Origin);
