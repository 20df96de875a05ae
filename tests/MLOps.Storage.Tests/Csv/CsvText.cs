using System.Text;
using MLOps.Data;
using MLOps.Storage.Csv;

namespace MLOps.Storage.Tests.Csv;

/// <summary>Reads and writes CSV held in strings, the way the tests need it.</summary>
public static class CsvText
{
    public static Task<RecordBatch> ReadAsync(string csv, CsvOptions? options = null) =>
        CsvReader.ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), options);

    /// <summary>Reads through a one-byte-at-a-time stream and a minimal buffer, so refills hit every position.</summary>
    public static Task<RecordBatch> ReadTrickledAsync(string csv, CsvOptions? options = null, int maxChunk = 1)
    {
        options ??= new CsvOptions();
        options.BufferSize = 1;
        return CsvReader.ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(csv), maxChunk), options);
    }

    public static async Task<List<RecordBatch>> ReadBatchesAsync(string csv, CsvOptions? options = null)
    {
        var batches = new List<RecordBatch>();
        await foreach (RecordBatch batch in CsvReader.ReadBatchesAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), options))
        {
            batches.Add(batch);
        }

        return batches;
    }

    public static async Task<string> WriteAsync(RecordBatch batch, CsvOptions? options = null)
    {
        var stream = new MemoryStream();
        await using (var writer = new CsvWriter(stream, options, leaveOpen: true))
        {
            await writer.WriteAsync(batch);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static async Task<ValidationException> ReadFailsAsync(string csv, CsvOptions? options = null)
    {
        options ??= new CsvOptions();
        options.SourceName ??= "test.csv";
        return await Assert.ThrowsAsync<ValidationException>(() => ReadAsync(csv, options));
    }

    /// <summary>Every cell as the boxed value the column reports, row by row.</summary>
    public static object?[][] Rows(RecordBatch batch) =>
        Enumerable.Range(0, batch.RowCount)
            .Select(row => batch.Columns.Select(column => column.GetValue(row)).ToArray())
            .ToArray();
}
