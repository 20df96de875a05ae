using MLOps.Data;
using MLOps.Storage.Csv;
using MLOps.Testing;

namespace MLOps.Storage.Tests.Csv;

public sealed class CsvWriterTests
{
    private static RecordBatch Sample()
    {
        var schema = new Schema(
            new Field("b", DataType.Boolean), new Field("i", DataType.Int32), new Field("l", DataType.Int64),
            new Field("f", DataType.Float32), new Field("d", DataType.Float64), new Field("s", DataType.String),
            new Field("t", DataType.Timestamp));
        var builder = new RecordBatchBuilder(schema);
        builder.AppendRow(true, -1, long.MinValue, 0.1f, 0.1, "plain", new DateTimeOffset(2024, 5, 1, 12, 30, 0, TimeSpan.FromHours(2)));
        builder.AppendRow(false, null, 0L, float.NaN, double.NegativeInfinity, "", DateTimeOffset.UnixEpoch.AddTicks(-10));
        builder.AppendRow(null, 7, null, -0f, 1e300, null, null);
        return builder.Build();
    }

    [Fact]
    public async Task Writes_every_type_invariantly()
    {
        string csv = await CsvText.WriteAsync(Sample());

        Assert.Equal(
            "b,i,l,f,d,s,t\n"
            + "true,-1,-9223372036854775808,0.1,0.1,plain,2024-05-01T10:30:00.000000Z\n"
            + "false,,0,NaN,-Infinity,\"\",1969-12-31T23:59:59.999999Z\n"
            + ",7,,-0,1E+300,,\n",
            csv);
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\r", "\"cr\r\"")]
    [InlineData(" lead", "\" lead\"")]
    [InlineData("trail\t", "\"trail\t\"")]
    [InlineData("NA", "\"NA\"")]
    [InlineData("", "\"\"")]
    [InlineData("\uFEFFbom", "\"\uFEFFbom\"")]
    [InlineData("in side", "in side")]
    [InlineData("it's", "it's")]
    public async Task Quotes_only_when_needed(string value, string expected)
    {
        var batch = new RecordBatch(new Schema(new Field("s", DataType.String)), [StringColumn.FromValues(value)]);

        string csv = await CsvText.WriteAsync(batch, new CsvOptions { HasHeader = false });

        Assert.Equal(expected + "\n", csv);
    }

    [Fact]
    public async Task Header_is_written_once_and_names_are_quoted_when_needed()
    {
        var schema = new Schema(new Field("x,y", DataType.Int64), new Field("z", DataType.Int64));
        var batch = new RecordBatch(schema, [Int64Column.FromValues(1), Int64Column.FromValues(2)]);
        var stream = new MemoryStream();

        await using (var writer = new CsvWriter(stream, leaveOpen: true))
        {
            await writer.WriteAsync(batch);
            await writer.WriteAsync(batch);
            Assert.Equal(schema, writer.Schema);
        }

        Assert.Equal("\"x,y\",z\n1,2\n1,2\n", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task Other_delimiter_quote_and_null_token()
    {
        var batch = new RecordBatch(
            new Schema(new Field("a", DataType.String), new Field("b", DataType.Float64)),
            [StringColumn.FromValues("x;y", null), Float64Column.FromNullable(1.5, null)]);

        string csv = await CsvText.WriteAsync(batch, new CsvOptions { Delimiter = ';', Quote = '\'', NullValues = ["NULL"] });

        Assert.Equal("a;b\n'x;y';1.5\nNULL;NULL\n", csv);
    }

    [Fact]
    public async Task Null_without_null_tokens_fails_naming_column_and_row()
    {
        var batch = new RecordBatch(new Schema(new Field("a", DataType.Int64)), [Int64Column.FromNullable(1, null)]);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => CsvText.WriteAsync(batch, new CsvOptions { NullValues = [] }));

        Assert.Equal("Cannot write the null in column 'a' at row index 1: CsvOptions.NullValues is empty, so the CSV has no way to say null.", ex.Message);
    }

    [Fact]
    public async Task Timestamp_outside_years_1_to_9999_fails()
    {
        var batch = new RecordBatch(new Schema(new Field("t", DataType.Timestamp)), [TimestampColumn.FromValues(0, long.MaxValue)]);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => CsvText.WriteAsync(batch));

        Assert.Equal($"Cannot write the timestamp {long.MaxValue} µs in column 't' at row index 1: it lies outside the years 0001 to 9999.", ex.Message);
    }

    [Fact]
    public async Task Batches_with_another_schema_are_rejected()
    {
        await using var writer = new CsvWriter(new MemoryStream());
        await writer.WriteAsync(new RecordBatch(new Schema(new Field("a", DataType.Int64)), [Int64Column.FromValues(1)]));

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            writer.WriteAsync(new RecordBatch(new Schema(new Field("a", DataType.String)), [StringColumn.FromValues("x")])).AsTask());

        Assert.Equal("Cannot write a batch with columns [a: String] after batches with columns [a: Int64]; a CSV file has one schema.", ex.Message);
    }

    [Fact]
    public async Task Disposed_writer_and_null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new CsvWriter(null!));
        var writer = new CsvWriter(new MemoryStream());
        await Assert.ThrowsAsync<ArgumentNullException>(() => writer.WriteAsync(null!).AsTask());
        await writer.DisposeAsync();
        await writer.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync(Sample()).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.FlushAsync().AsTask());
    }

    [Fact]
    public async Task Synchronous_dispose_flushes_and_leave_open_is_honoured()
    {
        var stream = new MemoryStream();
        using (var writer = new CsvWriter(stream, leaveOpen: true))
        {
            await writer.WriteAsync(Sample());
        }

        Assert.True(stream.CanRead);
        Assert.StartsWith("b,i,l,f,d,s,t\ntrue,", System.Text.Encoding.UTF8.GetString(stream.ToArray()));

        var closed = new MemoryStream();
        await using (var writer = new CsvWriter(closed))
        {
            await writer.WriteAsync(Sample());
            await writer.FlushAsync();
        }

        Assert.False(closed.CanRead);
    }

    [Fact]
    public async Task Write_file_then_read_file_round_trips()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("out.csv");
        RecordBatch batch = Sample();

        await CsvWriter.WriteFileAsync(path, batch);
        RecordBatch back = await CsvReader.ReadAllAsync(path, new CsvOptions { Schema = batch.Schema });

        BatchAssert.Equal(batch, back);
        Assert.Equal(["out.csv"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Failed_file_write_leaves_nothing_behind()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("out.csv");
        await File.WriteAllTextAsync(path, "old");
        var bad = new RecordBatch(new Schema(new Field("t", DataType.Timestamp)), [TimestampColumn.FromValues(long.MinValue)]);

        await Assert.ThrowsAsync<ValidationException>(() => CsvWriter.WriteFileAsync(path, bad));

        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Write_file_into_a_missing_folder_is_not_found()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("no-such-folder", "out.csv");

        var ex = await Assert.ThrowsAsync<NotFoundException>(() => CsvWriter.WriteFileAsync(path, Sample()));

        Assert.Equal($"Cannot write CSV file '{path}': its folder does not exist.", ex.Message);
    }

    [Fact]
    public async Task Cancelled_file_write_leaves_nothing_behind()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CsvWriter.WriteFileAsync(dir.Combine("out.csv"), Sample(), cancellationToken: cts.Token));

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Large_batches_flush_as_they_go()
    {
        var values = Enumerable.Range(0, 50_000).Select(i => (long)i).ToArray();
        var batch = new RecordBatch(new Schema(new Field("n", DataType.Int64, IsNullable: false)), [Int64Column.FromValues(values)]);
        var stream = new MemoryStream();

        await using (var writer = new CsvWriter(stream, leaveOpen: true))
        {
            await writer.WriteAsync(batch);
            Assert.True(stream.Length > 0);
        }

        stream.Position = 0;
        BatchAssert.Equal(batch, await CsvReader.ReadAllAsync(stream, new CsvOptions { Schema = batch.Schema }));
    }
}
