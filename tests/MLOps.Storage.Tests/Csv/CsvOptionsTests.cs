using MLOps.Data;
using MLOps.Storage.Csv;

namespace MLOps.Storage.Tests.Csv;

public sealed class CsvOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new CsvOptions();

        Assert.True(options.HasHeader);
        Assert.Equal(',', options.Delimiter);
        Assert.Equal('"', options.Quote);
        Assert.Equal(["", "NA"], options.NullValues);
        Assert.Null(options.Schema);
        Assert.Empty(options.ColumnTypes);
        Assert.Equal(1000, options.InferenceSampleRows);
        Assert.Equal(65_536, options.ChunkRows);
        Assert.Null(options.SourceName);
    }

    public static TheoryData<string, Action<CsvOptions>> BadOptions => new()
    {
        { "CsvOptions.Delimiter is U+000A; it must be an ASCII character other than CR and LF.", o => o.Delimiter = '\n' },
        { "CsvOptions.Delimiter is 'é'; it must be an ASCII character other than CR and LF.", o => o.Delimiter = 'é' },
        { "CsvOptions.Quote is U+000D; it must be an ASCII character other than CR and LF.", o => o.Quote = '\r' },
        { "CsvOptions.Delimiter and CsvOptions.Quote are both '\"'; they must differ.", o => o.Delimiter = '"' },
        { "CsvOptions.NullValues is null; use an empty list for no null tokens.", o => o.NullValues = null! },
        { "CsvOptions.NullValues contains a null entry.", o => o.NullValues = [null!] },
        { "CsvOptions.NullValues entry 'a,b' contains the delimiter, the quote, CR or LF, so it could never match an unquoted field.", o => o.NullValues = ["a,b"] },
        { "CsvOptions.ColumnTypes is null; use an empty dictionary for no overrides.", o => o.ColumnTypes = null! },
        { "CsvOptions.ColumnTypes['a'] is 99, which is not a DataType.", o => o.ColumnTypes["a"] = (DataType)99 },
        {
            "CsvOptions.Schema and CsvOptions.ColumnTypes are both set; give the full schema or per-column overrides, not both.",
            o => { o.Schema = new Schema(new Field("a", DataType.Int64)); o.ColumnTypes["a"] = DataType.String; }
        },
        { "CsvOptions.InferenceSampleRows is 0; it must be at least 1.", o => o.InferenceSampleRows = 0 },
        { "CsvOptions.ChunkRows is -1; it must be at least 1.", o => o.ChunkRows = -1 },
        { "CsvOptions.BufferSize is 0; it must be at least 1.", o => o.BufferSize = 0 },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Bad_options_fail_naming_the_option(string message, Action<CsvOptions> spoil)
    {
        var options = new CsvOptions();
        spoil(options);

        Assert.Equal(message, Assert.Throws<ValidationException>(() => CsvReader.ReadBatchesAsync(Stream.Null, options)).Message);
        Assert.Equal(message, (await Assert.ThrowsAsync<ValidationException>(() => CsvReader.ReadAllAsync(Stream.Null, options))).Message);
        Assert.Equal(message, (await Assert.ThrowsAsync<ValidationException>(() => CsvReader.InferSchemaAsync(Stream.Null, options))).Message);
        Assert.Equal(message, Assert.Throws<ValidationException>(() => new CsvWriter(Stream.Null, options)).Message);
    }

    [Fact]
    public async Task Options_changed_after_a_read_started_do_not_affect_it()
    {
        var options = new CsvOptions { ChunkRows = 2 };
        var batches = new List<int>();

        await foreach (RecordBatch batch in CsvReader.ReadBatchesAsync(new MemoryStream("a\n1\n2\n3\n"u8.ToArray()), options))
        {
            options.ChunkRows = 1;
            batches.Add(batch.RowCount);
        }

        Assert.Equal([2, 1], batches);
    }
}
