using System.Runtime.CompilerServices;
using MLOps.Data;

namespace MLOps.Storage.Csv;

/// <summary>
/// Reads CSV (RFC 4180, UTF-8) into <see cref="RecordBatch"/>es, streaming: the input passes once
/// through one pooled buffer and batches of <see cref="CsvOptions.ChunkRows"/> rows are emitted as
/// they fill, so a file far larger than memory can be read.
/// </summary>
/// <remarks>
/// <para>
/// Column types come from <see cref="CsvOptions.Schema"/>, or are inferred from the first
/// <see cref="CsvOptions.InferenceSampleRows"/> rows (see <see cref="InferSchemaAsync(Stream, CsvOptions?, CancellationToken)"/>)
/// with <see cref="CsvOptions.ColumnTypes"/> on top. An unquoted field equal to one of
/// <see cref="CsvOptions.NullValues"/> is null; a quoted field never is. Blank lines are skipped
/// when the file has more than one column (with one column a blank line is a null).
/// </para>
/// <para>
/// Every problem in the input raises a <see cref="ValidationException"/> naming the input (the path,
/// <see cref="CsvOptions.SourceName"/>, or <c>stream</c>), the 1-based line and, where it applies, the
/// 1-based column and its name: a value that does not fit its column's type (with a suggested
/// override), a row with the wrong number of fields, a quote left open at the end of the input, a
/// stray character after a closing quote, a null in a non-nullable column, invalid UTF-8.
/// </para>
/// <para>The methods are stateless and thread-safe; each call is an independent read.</para>
/// </remarks>
public static class CsvReader
{
    private const string StreamSourceName = "stream";

    /// <summary>Streams a CSV file as batches.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="options">How to read it; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the read between buffer refills.</param>
    /// <returns>The batches, each <see cref="CsvOptions.ChunkRows"/> rows but the last; none for a file without data rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ValidationException">An option is invalid (raised at once), or the input is malformed (raised while enumerating).</exception>
    /// <exception cref="NotFoundException">The file does not exist (raised while enumerating).</exception>
    public static IAsyncEnumerable<RecordBatch> ReadBatchesAsync(string path, CsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        CsvSettings settings = CsvSettings.From(options);
        return ReadFileBatchesAsync(path, settings, cancellationToken);
    }

    /// <summary>Streams CSV from a stream as batches. The stream is read to its end and not disposed.</summary>
    /// <param name="stream">The input, positioned at the start of the CSV text.</param>
    /// <param name="options">How to read it; the defaults when null. Errors name <see cref="CsvOptions.SourceName"/>.</param>
    /// <param name="cancellationToken">Stops the read between buffer refills.</param>
    /// <returns>The batches, each <see cref="CsvOptions.ChunkRows"/> rows but the last; none for input without data rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ValidationException">An option is invalid (raised at once), or the input is malformed (raised while enumerating).</exception>
    public static IAsyncEnumerable<RecordBatch> ReadBatchesAsync(Stream stream, CsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CsvSettings settings = CsvSettings.From(options);
        return ReadStreamBatchesAsync(stream, settings, cancellationToken);
    }

    /// <summary>Reads a whole CSV file into one batch.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="options">How to read it; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>All rows; an empty batch with the schema when the file has no data rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ValidationException">An option is invalid or the input is malformed.</exception>
    /// <exception cref="NotFoundException">The file does not exist.</exception>
    public static async Task<RecordBatch> ReadAllAsync(string path, CsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        CsvSettings settings = CsvSettings.From(options);
        await using CsvBatchReader reader = OpenFile(path, settings);
        return await ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads CSV from a stream into one batch. The stream is read to its end and not disposed.</summary>
    /// <param name="stream">The input.</param>
    /// <param name="options">How to read it; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>All rows; an empty batch with the schema when the input has no data rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ValidationException">An option is invalid or the input is malformed.</exception>
    public static async Task<RecordBatch> ReadAllAsync(Stream stream, CsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CsvSettings settings = CsvSettings.From(options);
        await using var reader = new CsvBatchReader(stream, ownsStream: false, settings, settings.SourceName ?? StreamSourceName);
        return await ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the header and the sample rows of a CSV file and returns the schema a read with the same
    /// options would use: <see cref="CsvOptions.Schema"/> when given; otherwise per column the narrowest
    /// of Boolean (<c>true</c>/<c>false</c>, any case), Int64, Float64 (with <c>NaN</c>, <c>Infinity</c>,
    /// exponents) and Timestamp (ISO 8601; a date alone is midnight UTC) that fits every non-null
    /// sampled value, else String. Inferred fields are nullable; a column of only nulls is String.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="options">How to read it; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ValidationException">An option is invalid or the header or sample is malformed.</exception>
    /// <exception cref="NotFoundException">The file does not exist.</exception>
    public static async Task<Schema> InferSchemaAsync(string path, CsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        CsvSettings settings = CsvSettings.From(options);
        await using CsvBatchReader reader = OpenFile(path, settings);
        return await reader.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the header and sample rows from a stream and returns the schema a read would use; see <see cref="InferSchemaAsync(string, CsvOptions?, CancellationToken)"/>.</summary>
    /// <param name="stream">The input; it is left part-read and not disposed.</param>
    /// <param name="options">How to read it; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ValidationException">An option is invalid or the header or sample is malformed.</exception>
    public static async Task<Schema> InferSchemaAsync(Stream stream, CsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CsvSettings settings = CsvSettings.From(options);
        await using var reader = new CsvBatchReader(stream, ownsStream: false, settings, settings.SourceName ?? StreamSourceName);
        return await reader.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<RecordBatch> ReadFileBatchesAsync(
        string path, CsvSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using CsvBatchReader reader = OpenFile(path, settings);
        await foreach (RecordBatch batch in reader.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    private static async IAsyncEnumerable<RecordBatch> ReadStreamBatchesAsync(
        Stream stream, CsvSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = new CsvBatchReader(stream, ownsStream: false, settings, settings.SourceName ?? StreamSourceName);
        await foreach (RecordBatch batch in reader.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    private static async Task<RecordBatch> ReadAllAsync(CsvBatchReader reader, CancellationToken cancellationToken)
    {
        Schema schema = await reader.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        var batches = new List<RecordBatch>();
        await foreach (RecordBatch batch in reader.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            batches.Add(batch);
        }

        return batches.Count switch
        {
            0 => RecordBatch.Empty(schema),
            1 => batches[0],
            _ => RecordBatch.Concat(batches),
        };
    }

    private static CsvBatchReader OpenFile(string path, CsvSettings settings)
    {
        FileStream stream;
        try
        {
            // No FileStream buffering: the reader has its own, larger buffer.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NotFoundException($"CSV file '{path}' does not exist.", ex);
        }

        return new CsvBatchReader(stream, ownsStream: true, settings, settings.SourceName ?? path);
    }
}
