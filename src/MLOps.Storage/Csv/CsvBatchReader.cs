using System.Runtime.CompilerServices;
using MLOps.Data;

namespace MLOps.Storage.Csv;

/// <summary>
/// One pass over one CSV input: header, schema (given or inferred from buffered sample rows), then
/// blocks of records converted column by column into batches of <see cref="CsvOptions.ChunkRows"/>
/// rows. The input is read once, through one pooled buffer, so memory stays bounded.
/// </summary>
/// <remarks>Single use and not thread-safe.</remarks>
internal sealed class CsvBatchReader : IAsyncDisposable
{
    // Records per block are sized so a block's fields stay in cache while its columns are converted.
    private const int FieldsPerBlock = 16_384;
    private const int MaxBuilderCapacity = 1 << 16;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly CsvSettings _settings;
    private readonly CsvErrors _errors;
    private readonly CsvTokenizer _tokenizer;
    private readonly CsvReadBuffer _buffer;
    private int _cursor;
    private long _line = 1;
    private Schema? _schema;
    private CsvColumnPlan[] _plans = [];
    private CsvRowBlock? _sample;

    public CsvBatchReader(Stream stream, bool ownsStream, CsvSettings settings, string sourceName)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _settings = settings;
        _errors = new CsvErrors(sourceName);
        _tokenizer = new CsvTokenizer(settings.Delimiter, settings.Quote, _errors);
        _buffer = new CsvReadBuffer(settings.BufferSize);
    }

    /// <summary>Reads the header and, when the schema is not given in full, the sample rows, and returns the schema.</summary>
    public async ValueTask<Schema> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schema is not null)
        {
            return _schema;
        }

        await SkipByteOrderMarkAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string>? header = _settings.HasHeader ? await ReadHeaderAsync(cancellationToken).ConfigureAwait(false) : null;
        _errors.UseRowShape(header is not null ? "the header" : _settings.Schema is not null ? "CsvOptions.Schema" : "the first row");
        if (_settings.Schema is { } schema)
        {
            _plans = CsvSchemaResolver.FromSchema(schema, header, _errors);
            _schema = schema;
        }
        else
        {
            IReadOnlyList<string> names = header ?? CsvSchemaResolver.DefaultNames(await CountFirstRecordFieldsAsync(cancellationToken).ConfigureAwait(false));
            _errors.UseColumnNames(names);
            CsvSchemaResolver.CheckOverrides(names, _settings.ColumnTypes, _errors);
            if (names.Any(name => !_settings.ColumnTypes.ContainsKey(name)))
            {
                _sample = await ReadSampleAsync(names.Count, cancellationToken).ConfigureAwait(false);
            }

            _plans = CsvSchemaResolver.Infer(names, _settings.ColumnTypes, _sample, _settings.NullTokens);
            _schema = new Schema(_plans.Select(plan => plan.Field));
        }

        _errors.UseColumnNames(_plans.Select(plan => plan.Field.Name).ToArray());
        return _schema;
    }

    /// <summary>Streams the records as batches of <see cref="CsvOptions.ChunkRows"/> rows (the last may be shorter).</summary>
    public async IAsyncEnumerable<RecordBatch> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Schema schema = await ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        int chunkRows = _settings.ChunkRows;
        var builders = new ColumnBuilder[schema.Count];
        var decoders = new CsvColumnDecoder[_plans.Length];
        foreach (CsvColumnPlan plan in _plans)
        {
            builders[plan.SchemaColumn] = ColumnBuilder.Create(plan.Field.Type, Math.Min(chunkRows, MaxBuilderCapacity));
            decoders[plan.FileColumn] = new CsvColumnDecoder(plan, builders[plan.SchemaColumn], _settings.NullTokens, _errors);
        }

        int rowsInChunk = 0;
        if (_sample is { } sample)
        {
            for (int first = 0; first < sample.RowCount;)
            {
                int take = Math.Min(sample.RowCount - first, chunkRows - rowsInChunk);
                Decode(decoders, sample, first, take);
                first += take;
                rowsInChunk += take;
                if (rowsInChunk == chunkRows)
                {
                    yield return Build(schema, builders);
                    rowsInChunk = 0;
                }
            }

            _sample = null;
        }

        _buffer.Start = _cursor;
        var block = new CsvRowBlock(_plans.Length, Math.Max(1, Math.Min(chunkRows, FieldsPerBlock / _plans.Length)));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            block.Clear();
            CsvRecordStatus status = Tokenize(block, Math.Min(block.RowCapacity, chunkRows - rowsInChunk));
            Decode(decoders, block, 0, block.RowCount);
            rowsInChunk += block.RowCount;
            _buffer.Start = _cursor;
            if (rowsInChunk == chunkRows)
            {
                yield return Build(schema, builders);
                rowsInChunk = 0;
            }

            if (status == CsvRecordStatus.EndOfData)
            {
                break;
            }

            if (status == CsvRecordStatus.NeedMoreData)
            {
                await RefillAsync(pending: null, cancellationToken).ConfigureAwait(false);
            }
        }

        if (rowsInChunk > 0)
        {
            yield return Build(schema, builders);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _buffer.Dispose();
        if (_ownsStream)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void Decode(CsvColumnDecoder[] decoders, CsvRowBlock block, int firstRow, int rowCount)
    {
        if (rowCount == 0)
        {
            return;
        }

        foreach (CsvColumnDecoder decoder in decoders)
        {
            decoder.Decode(block.Data, block, firstRow, rowCount);
        }
    }

    private static RecordBatch Build(Schema schema, ColumnBuilder[] builders) =>
        new(schema, builders.Select(builder => builder.Build()).ToArray());

    private async ValueTask SkipByteOrderMarkAsync(CancellationToken cancellationToken)
    {
        while (_buffer.End - _cursor < 3 && !_buffer.IsCompleted)
        {
            await RefillAsync(pending: null, cancellationToken).ConfigureAwait(false);
        }

        if (_buffer.Data.AsSpan(_cursor, _buffer.End - _cursor).StartsWith("\uFEFF"u8))
        {
            _cursor += 3;
            _buffer.Start = _cursor;
        }
    }

    private async ValueTask<IReadOnlyList<string>> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var fields = new CsvField[64];
        while (true)
        {
            CsvRecordStatus status = _tokenizer.ReadRecord(_buffer.Data, _cursor, _buffer.End, _buffer.IsCompleted, _line, fields, out CsvRecord record);
            if (status == CsvRecordStatus.EndOfData)
            {
                throw _errors.EmptyInput("CsvOptions.HasHeader is true but there is no header line.");
            }

            if (status == CsvRecordStatus.NeedMoreData)
            {
                await RefillAsync(pending: null, cancellationToken).ConfigureAwait(false);
            }
            else if (record.FieldCount > fields.Length)
            {
                fields = new CsvField[record.FieldCount];
            }
            else
            {
                IReadOnlyList<string> names = CsvSchemaResolver.HeaderNames(_buffer.Data, fields.AsSpan(0, record.FieldCount), _settings.Quote, _errors);
                Advance(record);
                _buffer.Start = _cursor;
                return names;
            }
        }
    }

    private async ValueTask<int> CountFirstRecordFieldsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            CsvRecordStatus status = _tokenizer.ReadRecord(_buffer.Data, _cursor, _buffer.End, _buffer.IsCompleted, _line, [], out CsvRecord record);
            switch (status)
            {
                case CsvRecordStatus.EndOfData:
                    throw _errors.EmptyInput("without a header or CsvOptions.Schema there is no first row to tell the columns from.");
                case CsvRecordStatus.NeedMoreData:
                    await RefillAsync(pending: null, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    return record.FieldCount;
            }
        }
    }

    private async ValueTask<CsvRowBlock> ReadSampleAsync(int columnCount, CancellationToken cancellationToken)
    {
        var sample = new CsvRowBlock(columnCount, _settings.InferenceSampleRows);
        sample.Data = _buffer.Data;
        while (Tokenize(sample, sample.RowCapacity) == CsvRecordStatus.NeedMoreData)
        {
            // The buffer keeps every sample byte (Start stays put), so sample rows are never read twice.
            await RefillAsync(sample, cancellationToken).ConfigureAwait(false);
        }

        return sample;
    }

    /// <summary>Tokenizes records from the cursor into <paramref name="block"/> until it holds <paramref name="maxRows"/> rows (Complete) or the buffer runs dry.</summary>
    private CsvRecordStatus Tokenize(CsvRowBlock block, int maxRows)
    {
        byte[] data = _buffer.Data;
        block.Data = data;
        int columns = block.ColumnCount;
        while (block.RowCount < maxRows)
        {
            Span<CsvField> row = block.NextRow;
            CsvRecordStatus status = _tokenizer.ReadRecord(data, _cursor, _buffer.End, _buffer.IsCompleted, _line, row, out CsvRecord record);
            if (status != CsvRecordStatus.Complete)
            {
                return status;
            }

            if (record.FieldCount != columns)
            {
                // A blank line cannot be a record of several columns, so it is skipped; with one column it is a null.
                if (columns > 1 && record.FieldCount == 1 && row[0].Length == 0 && !row[0].IsQuoted)
                {
                    Advance(record);
                    continue;
                }

                throw _errors.FieldCount(_line, columns, record.FieldCount);
            }

            if (record.HasEscapedQuotes)
            {
                for (int i = 0; i < row.Length; i++)
                {
                    if (row[i].HasEscapedQuotes)
                    {
                        CsvTokenizer.Unescape(data, ref row[i], _settings.Quote);
                    }
                }
            }

            block.Commit(_line);
            Advance(record);
        }

        return CsvRecordStatus.Complete;
    }

    private void Advance(CsvRecord record)
    {
        _cursor = record.Next;
        _line += record.LineBreaks;
    }

    private async ValueTask RefillAsync(CsvRowBlock? pending, CancellationToken cancellationToken)
    {
        int shift = await _buffer.RefillAsync(_stream, cancellationToken).ConfigureAwait(false);
        _cursor -= shift;
        _tokenizer.Reset();
        if (pending is not null)
        {
            pending.Shift(shift);
            pending.Data = _buffer.Data;
        }
    }
}
