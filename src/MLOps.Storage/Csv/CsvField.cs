namespace MLOps.Storage.Csv;

/// <summary>Where one field of a record lies in the read buffer, without its quotes.</summary>
/// <remarks>A mutable struct stored in arrays: unescaping <c>""</c> shortens <see cref="Length"/> in place.</remarks>
internal struct CsvField
{
    /// <summary>The offset of the first content byte in the buffer.</summary>
    public int Start;

    /// <summary>The number of content bytes.</summary>
    public int Length;

    /// <summary>Whether the field was quoted; a quoted field is never null.</summary>
    public bool IsQuoted;

    /// <summary>Whether the content still holds doubled quotes to collapse.</summary>
    public bool HasEscapedQuotes;

    public CsvField(int start, int length, bool isQuoted, bool hasEscapedQuotes)
    {
        Start = start;
        Length = length;
        IsQuoted = isQuoted;
        HasEscapedQuotes = hasEscapedQuotes;
    }
}
