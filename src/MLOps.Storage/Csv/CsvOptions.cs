using MLOps.Data;

namespace MLOps.Storage.Csv;

/// <summary>
/// How <see cref="CsvReader"/> reads and <see cref="CsvWriter"/> writes CSV (RFC 4180, UTF-8).
/// </summary>
/// <remarks>
/// <para>
/// Text is always UTF-8 (a leading byte order mark is skipped) and values are always parsed and
/// written culture-invariant: <c>.</c> is the decimal separator, there are no thousands separators,
/// booleans are <c>true</c>/<c>false</c> and timestamps are ISO 8601. There is deliberately no
/// culture option, so a file reads the same on every machine.
/// </para>
/// <para>
/// Options are validated each time a reader or writer starts using them; a bad option raises a
/// <see cref="ValidationException"/> that names it. The object is not thread-safe to change, but
/// once set up it can be shared by any number of concurrent reads and writes.
/// </para>
/// </remarks>
public sealed class CsvOptions
{
    /// <summary>The default size of the pooled read buffer: 1 MiB.</summary>
    internal const int DefaultBufferSize = 1 << 20;

    /// <summary>Whether the first line holds column names.</summary>
    /// <value>The default value is <see langword="true"/>. Without a header, columns are named from
    /// <see cref="Schema"/> when given, otherwise <c>column1</c>, <c>column2</c>, …</value>
    public bool HasHeader { get; set; } = true;

    /// <summary>The field separator.</summary>
    /// <value>The default value is <c>','</c>. It must be an ASCII character other than the quote, CR and LF
    /// (<c>'\t'</c> for TSV, <c>';'</c>, <c>'|'</c>, …).</value>
    public char Delimiter { get; set; } = ',';

    /// <summary>The quote character around fields that contain the delimiter, a quote or a line break.</summary>
    /// <value>The default value is <c>'"'</c>. It must be an ASCII character other than the delimiter, CR and LF.
    /// Inside a quoted field the quote is escaped by doubling it (RFC 4180).</value>
    public char Quote { get; set; } = '"';

    /// <summary>The unquoted field texts that mean null, compared ordinally (case-sensitive).</summary>
    /// <value>The default value is <c>["", "NA"]</c>: an empty unquoted field and <c>NA</c> are null.
    /// A quoted field is never null, so <c>""</c> is an empty string and <c>"NA"</c> the text NA.
    /// The writer writes nulls as the first entry (an empty field by default) and quotes any value
    /// that equals an entry; with an empty list, writing a null fails. Entries must not contain the
    /// delimiter, the quote, CR or LF.</value>
    public IList<string> NullValues { get; set; } = ["", "NA"];

    /// <summary>The full schema of the file, which turns type inference off.</summary>
    /// <value>The default value is <see langword="null"/>: types are inferred from the first
    /// <see cref="InferenceSampleRows"/> rows. With a header, the header must name exactly the
    /// schema's columns (in any order; batches follow the schema's order); without one, the file's
    /// columns are the schema's columns in order. Cannot be combined with <see cref="ColumnTypes"/>.</value>
    public Schema? Schema { get; set; }

    /// <summary>Per-column type overrides by column name (ordinal), applied on top of inference.</summary>
    /// <value>The default value is an empty dictionary. Every name must be a column of the file.
    /// Overridden columns are nullable. Cannot be combined with <see cref="Schema"/>.</value>
    public IDictionary<string, DataType> ColumnTypes { get; set; } = new Dictionary<string, DataType>(StringComparer.Ordinal);

    /// <summary>How many data rows type inference looks at.</summary>
    /// <value>The default value is 1000. It must be at least 1. The sample rows are buffered and not
    /// read twice, so inference works on streams that cannot seek. A later row whose value does not
    /// fit the inferred type fails the read with a <see cref="ValidationException"/> that suggests an override.</value>
    public int InferenceSampleRows { get; set; } = 1000;

    /// <summary>The number of rows per <see cref="RecordBatch"/> that <see cref="CsvReader.ReadBatchesAsync(Stream, CsvOptions?, CancellationToken)"/> emits.</summary>
    /// <value>The default value is 65,536. It must be at least 1. Every batch but the last has exactly this many rows.</value>
    public int ChunkRows { get; set; } = 65_536;

    /// <summary>The name of the input used in error messages when reading a <see cref="Stream"/>.</summary>
    /// <value>The default value is <see langword="null"/>: errors name the file path when reading a
    /// path and say <c>stream</c> when reading a stream.</value>
    public string? SourceName { get; set; }

    /// <summary>The initial size of the pooled read buffer; it grows only for a record longer than the buffer. Tests shrink it to exercise refills.</summary>
    internal int BufferSize { get; set; } = DefaultBufferSize;
}
