using System.Text;
using MLOps.Data;

namespace MLOps.Storage.Csv;

/// <summary>
/// Writes <see cref="RecordBatch"/>es as CSV (RFC 4180 quoting, UTF-8 without a byte order mark,
/// LF line ends) that <see cref="CsvReader"/> reads back into equal batches given the same schema.
/// </summary>
/// <remarks>
/// <para>
/// The header (when <see cref="CsvOptions.HasHeader"/>) is written before the first batch; every
/// batch must have the first one's schema. Values are written culture-invariant: floats in
/// shortest round-trip form (<c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>), timestamps as ISO 8601
/// UTC with microseconds (<c>2024-05-01T12:30:00.000000Z</c>), booleans as <c>true</c>/<c>false</c>,
/// nulls as the first of <see cref="CsvOptions.NullValues"/> (an empty field by default). Empty
/// strings are written as <c>""</c>, so they read back as empty strings, not nulls.
/// </para>
/// <para>Output is buffered; call <see cref="FlushAsync"/> or dispose to push it to the stream. Not thread-safe.</para>
/// </remarks>
public sealed class CsvWriter : IAsyncDisposable, IDisposable
{
    private const int FlushThreshold = 1 << 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly CsvSettings _settings;
    private readonly CsvFieldFormatter _formatter;
    private Schema? _schema;
    private bool _disposed;

    /// <summary>Creates a writer over a stream.</summary>
    /// <param name="stream">Where the CSV goes.</param>
    /// <param name="options">How to write; the defaults when null. <see cref="CsvOptions.HasHeader"/>, <see cref="CsvOptions.Delimiter"/>,
    /// <see cref="CsvOptions.Quote"/> and <see cref="CsvOptions.NullValues"/> apply.</param>
    /// <param name="leaveOpen">Whether to leave <paramref name="stream"/> open on dispose; the default closes it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ValidationException">An option is invalid.</exception>
    public CsvWriter(Stream stream, CsvOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _settings = CsvSettings.From(options);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _formatter = new CsvFieldFormatter(_settings.Delimiter, _settings.Quote, _settings.NullTokens, FlushThreshold * 2);
    }

    /// <summary>The schema of the batches written so far; null before the first.</summary>
    public Schema? Schema => _schema;

    /// <summary>Writes a batch's rows, preceded by the header if this is the first batch.</summary>
    /// <param name="batch">The rows.</param>
    /// <param name="cancellationToken">Stops the write between buffer flushes.</param>
    /// <returns>A task that completes when the rows are buffered or written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ValidationException">The batch's schema differs from the first batch's, a null must be
    /// written but <see cref="CsvOptions.NullValues"/> is empty, or a timestamp is outside the years 0001 to 9999.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (_schema is null)
        {
            _schema = batch.Schema;
            if (_settings.HasHeader)
            {
                WriteHeader(_schema);
            }
        }
        else if (!_schema.Equals(batch.Schema))
        {
            throw new ValidationException(
                $"Cannot write a batch with columns {Describe(batch.Schema)} after batches with columns {Describe(_schema)}; a CSV file has one schema.");
        }

        for (int row = 0; row < batch.RowCount; row++)
        {
            WriteRow(batch, row);
            if (_formatter.Length >= FlushThreshold)
            {
                await WriteBufferedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes everything buffered to the stream and flushes it.</summary>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>A task that completes when the stream is flushed.</returns>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await WriteBufferedAsync(cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a batch to a file atomically: to a temporary file beside it, then renamed over <paramref name="path"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="batch">The rows.</param>
    /// <param name="options">How to write; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the write; nothing is left at <paramref name="path"/> then.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="batch"/> is null.</exception>
    /// <exception cref="ValidationException">An option is invalid, or a value cannot be written.</exception>
    /// <exception cref="NotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static Task WriteFileAsync(string path, RecordBatch batch, CsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return WriteFileAsync(path, OneBatch(batch), options, cancellationToken);
    }

    /// <summary>Writes batches to a file atomically: to a temporary file beside it, then renamed over <paramref name="path"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="batches">The rows; with no batches the file is empty (not even a header, as there is no schema).</param>
    /// <param name="options">How to write; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the write; nothing is left at <paramref name="path"/> then.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="batches"/> is null.</exception>
    /// <exception cref="ValidationException">An option is invalid, the batches' schemas differ, or a value cannot be written.</exception>
    /// <exception cref="NotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static async Task WriteFileAsync(
        string path, IAsyncEnumerable<RecordBatch> batches, CsvOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(batches);
        CsvSettings.From(options);
        string fullPath = Path.GetFullPath(path);
        string temporary = fullPath + ".tmp-" + Guid.NewGuid().ToString("N");
        FileStream stream;
        try
        {
            stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new NotFoundException($"Cannot write CSV file '{fullPath}': its folder does not exist.", ex);
        }

        try
        {
            await using (stream.ConfigureAwait(false))
            {
                await using (var writer = new CsvWriter(stream, options, leaveOpen: true))
                {
                    await foreach (RecordBatch batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
                    {
                        await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    }
                }

                // On disk before the rename makes it visible, so a crash never leaves a short file under the final name.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes what is buffered and closes the stream unless it was left open.</summary>
    /// <returns>A task that completes when the writer is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await WriteBufferedAsync(CancellationToken.None).ConfigureAwait(false);
            await _stream.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _disposed = true;
            _formatter.Dispose();
            if (!_leaveOpen)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes what is buffered synchronously and closes the stream unless it was left open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _stream.Write(_formatter.Written.Span);
            _formatter.Clear();
            _stream.Flush();
        }
        finally
        {
            _disposed = true;
            _formatter.Dispose();
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    private static async IAsyncEnumerable<RecordBatch> OneBatch(RecordBatch batch)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return batch;
    }

    private static string Describe(Schema schema) =>
        "[" + string.Join(", ", schema.Select(field => field.Name + ": " + field.Type.ToString())) + "]";

    private void WriteHeader(Schema schema)
    {
        for (int i = 0; i < schema.Count; i++)
        {
            if (i > 0)
            {
                _formatter.WriteDelimiter();
            }

            _formatter.WriteText(Encoding.UTF8.GetBytes(schema[i].Name));
        }

        _formatter.WriteNewLine();
    }

    private void WriteRow(RecordBatch batch, int row)
    {
        IReadOnlyList<Column> columns = batch.Columns;
        for (int i = 0; i < columns.Count; i++)
        {
            if (i > 0)
            {
                _formatter.WriteDelimiter();
            }

            Column column = columns[i];
            if (column.IsNull(row))
            {
                _formatter.WriteNull(batch.Schema[i].Name, row);
            }
            else if (column is StringColumn strings)
            {
                _formatter.WriteText(strings.GetUtf8(row));
            }
            else
            {
                _formatter.WriteScalar(column, row, batch.Schema[i].Name);
            }
        }

        _formatter.WriteNewLine();
    }

    private async ValueTask WriteBufferedAsync(CancellationToken cancellationToken)
    {
        if (_formatter.Length > 0)
        {
            await _stream.WriteAsync(_formatter.Written, cancellationToken).ConfigureAwait(false);
            _formatter.Clear();
        }
    }
}
