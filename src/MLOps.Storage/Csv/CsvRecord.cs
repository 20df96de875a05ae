namespace MLOps.Storage.Csv;

/// <summary>What the tokenizer learned about a complete record.</summary>
/// <param name="FieldCount">The number of fields found (may exceed the room given for them).</param>
/// <param name="Next">The buffer offset just past the record's line break.</param>
/// <param name="LineBreaks">The lines the record spans: its own line break plus any inside quoted fields.</param>
/// <param name="HasEscapedQuotes">Whether some quoted field holds doubled quotes still to collapse.</param>
internal readonly record struct CsvRecord(int FieldCount, int Next, int LineBreaks, bool HasEscapedQuotes);
