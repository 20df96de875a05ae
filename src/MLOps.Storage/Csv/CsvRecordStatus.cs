namespace MLOps.Storage.Csv;

/// <summary>The outcome of asking the tokenizer for the next record.</summary>
internal enum CsvRecordStatus
{
    /// <summary>A whole record was read.</summary>
    Complete,

    /// <summary>The buffer ends inside the record; refill and ask again from the same position.</summary>
    NeedMoreData,

    /// <summary>The input is exhausted; there are no more records.</summary>
    EndOfData,
}
