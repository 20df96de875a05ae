namespace MLOps.Storage.Csv;

/// <summary>Where a column's type came from, so a bad value's error can say what to change.</summary>
internal enum CsvTypeOrigin
{
    /// <summary>From <see cref="CsvOptions.Schema"/>.</summary>
    Schema,

    /// <summary>From <see cref="CsvOptions.ColumnTypes"/>.</summary>
    Override,

    /// <summary>Inferred from the sample rows.</summary>
    Inferred,
}
