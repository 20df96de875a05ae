namespace MLOps.DataVersioning;

/// <summary>A row-level summary of a modified CSV file: records compared as a multiset, the header apart.</summary>
/// <param name="Path">The file's path.</param>
/// <param name="RowsBefore">Records (header excluded) in the old version.</param>
/// <param name="RowsAfter">Records in the new version.</param>
/// <param name="RowsAdded">Records of the new version not matched by an identical old one.</param>
/// <param name="RowsRemoved">Records of the old version not matched by an identical new one.</param>
/// <param name="HeaderChanged">Whether the header line differs (then every row usually differs too).</param>
public sealed record CsvRowDiff(string Path, long RowsBefore, long RowsAfter, long RowsAdded, long RowsRemoved, bool HeaderChanged);
