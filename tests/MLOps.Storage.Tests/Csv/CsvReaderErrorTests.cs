using System.Text;
using MLOps.Data;
using MLOps.Storage.Csv;
using MLOps.Testing;

namespace MLOps.Storage.Tests.Csv;

public sealed class CsvReaderErrorTests
{
    [Fact]
    public async Task Value_that_does_not_fit_an_inferred_type_names_file_line_and_column()
    {
        string csv = "a,b\n1,2\n3,oops\n";

        var ex = await CsvText.ReadFailsAsync(csv, new CsvOptions { InferenceSampleRows = 1 });

        Assert.Equal(
            "CSV 'test.csv' line 3, column 2 'b': 'oops' is not a valid Int64. The type was inferred from the sample rows; "
            + "set CsvOptions.ColumnTypes[\"b\"] (for example to DataType.String) or CsvOptions.Schema to override it.",
            ex.Message);
    }

    [Fact]
    public async Task Line_numbers_count_line_breaks_inside_quoted_fields()
    {
        string csv = "a,b,c\n\"x\ny\",1,2\n\"p\r\nq\",\"r\ns\",bad\n";

        var ex = await CsvText.ReadFailsAsync(csv, new CsvOptions { ColumnTypes = { ["c"] = DataType.Int64 } });

        Assert.StartsWith("CSV 'test.csv' line 6, column 3 'c': 'bad' is not a valid Int64. The type comes from CsvOptions.ColumnTypes[\"c\"].", ex.Message);
    }

    [Fact]
    public async Task Value_that_does_not_fit_a_given_schema_says_so()
    {
        var options = new CsvOptions { Schema = new Schema(new Field("a", DataType.Int32), new Field("b", DataType.Boolean)) };

        var ex = await CsvText.ReadFailsAsync("a,b\n1,true\n2,yes\n", options);

        Assert.Equal("CSV 'test.csv' line 3, column 2 'b': 'yes' is not a valid Boolean. The type comes from CsvOptions.Schema.", ex.Message);
    }

    [Fact]
    public async Task Int32_overflow_is_a_bad_value()
    {
        var options = new CsvOptions { ColumnTypes = { ["a"] = DataType.Int32 } };

        var ex = await CsvText.ReadFailsAsync("a\n2147483648\n", options);

        Assert.StartsWith("CSV 'test.csv' line 2, column 1 'a': '2147483648' is not a valid Int32.", ex.Message);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n", "CSV 'test.csv' line 3: expected 2 fields but found 1.")]
    [InlineData("a,b\n1,2\n3,4,5\n", "CSV 'test.csv' line 3: expected 2 fields but found 3.")]
    [InlineData("a,b\n\"1\n\",2\n3,4,\n", "CSV 'test.csv' line 4: expected 2 fields but found 3.")]
    public async Task Wrong_field_count_names_the_line(string csv, string expectedStart)
    {
        var ex = await CsvText.ReadFailsAsync(csv);

        Assert.StartsWith(expectedStart, ex.Message);
    }

    [Fact]
    public async Task Wrong_field_count_without_header_compares_with_the_first_row()
    {
        var ex = await CsvText.ReadFailsAsync("1,2\n3\n", new CsvOptions { HasHeader = false });

        Assert.Equal("CSV 'test.csv' line 2: expected 2 fields but found 1. Every row must have as many fields as the first row.", ex.Message);
    }

    [Fact]
    public async Task Wrong_field_count_against_a_schema_without_header()
    {
        var options = new CsvOptions { HasHeader = false, Schema = new Schema(new Field("a", DataType.Int64), new Field("b", DataType.Int64)) };

        var ex = await CsvText.ReadFailsAsync("1,2\n3,4,5\n", options);

        Assert.Equal("CSV 'test.csv' line 2: expected 2 fields but found 3. Every row must have as many fields as CsvOptions.Schema.", ex.Message);
    }

    [Fact]
    public async Task Wrong_field_count_against_the_header()
    {
        var ex = await CsvText.ReadFailsAsync("a,b\n1\n");

        Assert.Equal("CSV 'test.csv' line 2: expected 2 fields but found 1. Every row must have as many fields as the header.", ex.Message);
    }

    [Fact]
    public async Task Unterminated_quote_at_end_of_input_names_where_it_opened()
    {
        var ex = await CsvText.ReadFailsAsync("a,b\n1,2\n3,\"open\nstill open\n");

        Assert.Equal(
            "CSV 'test.csv' line 3, column 2 'b': a quoted field is not closed before the end of the input; a quote inside a quoted field must be doubled.",
            ex.Message);
    }

    [Fact]
    public async Task Unterminated_quote_in_the_header()
    {
        var ex = await CsvText.ReadFailsAsync("a,\"b\n");

        Assert.Equal(
            "CSV 'test.csv' line 1, column 2: a quoted field is not closed before the end of the input; a quote inside a quoted field must be doubled.",
            ex.Message);
    }

    [Fact]
    public async Task Text_after_a_closing_quote_is_an_error()
    {
        var ex = await CsvText.ReadFailsAsync("a,b\n1,\"x\"y\n");

        Assert.StartsWith("CSV 'test.csv' line 2, column 2 'b': unexpected 'y' after the closing quote;", ex.Message);
    }

    [Fact]
    public async Task Null_in_a_non_nullable_column()
    {
        var options = new CsvOptions { Schema = new Schema(new Field("a", DataType.Int64, IsNullable: false), new Field("b", DataType.String, IsNullable: false)) };

        var first = await CsvText.ReadFailsAsync("a,b\n1,x\n,y\n", options);
        var second = await CsvText.ReadFailsAsync("a,b\n1,x\n2,NA\n", options);

        Assert.Equal("CSV 'test.csv' line 3, column 1 'a': null value in a column the schema declares non-nullable.", first.Message);
        Assert.Equal("CSV 'test.csv' line 3, column 2 'b': null value in a column the schema declares non-nullable.", second.Message);
    }

    [Fact]
    public async Task Invalid_utf8_names_the_field()
    {
        byte[] csv = [.. "a,b\n1,"u8, 0xC3, 0x28, .. "\n"u8];

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            CsvReader.ReadAllAsync(new MemoryStream(csv), new CsvOptions { SourceName = "bytes.csv" }));

        Assert.Equal("CSV 'bytes.csv' line 2, column 2 'b': the field is not valid UTF-8; CSV input must be UTF-8 text.", ex.Message);
    }

    [Fact]
    public async Task Invalid_utf8_in_the_header()
    {
        byte[] csv = [.. "a,"u8, 0xFF, .. "\n1,2\n"u8];

        var ex = await Assert.ThrowsAsync<ValidationException>(() => CsvReader.ReadAllAsync(new MemoryStream(csv)));

        Assert.Equal("CSV 'stream' line 1, column 2: the field is not valid UTF-8; CSV input must be UTF-8 text.", ex.Message);
    }

    [Fact]
    public async Task Duplicate_header_names()
    {
        var ex = await CsvText.ReadFailsAsync("a,b,a\n1,2,3\n");

        Assert.Equal(
            "CSV 'test.csv' line 1 (the header): the column name 'a' appears twice, as columns 1 and 3; column names must be unique.",
            ex.Message);
    }

    [Fact]
    public async Task Header_that_does_not_match_the_schema()
    {
        var options = new CsvOptions { Schema = new Schema(new Field("a", DataType.Int64), new Field("c", DataType.Int64)) };

        var ex = await CsvText.ReadFailsAsync("a,b\n1,2\n", options);

        Assert.Equal(
            "CSV 'test.csv' line 1 (the header): the header names the columns [a, b] but CsvOptions.Schema has [a, c]; they must name the same columns, in any order.",
            ex.Message);
    }

    [Fact]
    public async Task Column_type_override_for_a_missing_column()
    {
        var ex = await CsvText.ReadFailsAsync("a,b\n1,2\n", new CsvOptions { ColumnTypes = { ["z"] = DataType.String } });

        Assert.Equal("CSV 'test.csv': CsvOptions.ColumnTypes names the column 'z', which the file does not have; its columns are [a, b].", ex.Message);
    }

    [Fact]
    public async Task Empty_input_with_a_header_expected()
    {
        var ex = await CsvText.ReadFailsAsync("");

        Assert.Equal("CSV 'test.csv' is empty: CsvOptions.HasHeader is true but there is no header line.", ex.Message);
    }

    [Fact]
    public async Task Empty_input_without_header_or_schema()
    {
        var ex = await CsvText.ReadFailsAsync("\uFEFF", new CsvOptions { HasHeader = false });

        Assert.Equal("CSV 'test.csv' is empty: without a header or CsvOptions.Schema there is no first row to tell the columns from.", ex.Message);
    }

    [Fact]
    public async Task Errors_while_reading_a_file_name_the_path()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("data.csv");
        await File.WriteAllTextAsync(path, "a\n1\nx\n");

        var ex = await Assert.ThrowsAsync<ValidationException>(() => CsvReader.ReadAllAsync(path, new CsvOptions { InferenceSampleRows = 1 }));

        Assert.StartsWith($"CSV '{path}' line 3, column 1 'a': 'x' is not a valid Int64.", ex.Message);
    }

    [Fact]
    public async Task Errors_are_raised_while_streaming_after_earlier_batches()
    {
        string csv = "a\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i}\n")) + "x\n";
        var received = new List<int>();

        var ex = await Assert.ThrowsAsync<ValidationException>(async () =>
        {
            await foreach (RecordBatch batch in CsvReader.ReadBatchesAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new CsvOptions { ChunkRows = 10, InferenceSampleRows = 5 }))
            {
                received.Add(batch.RowCount);
            }
        });

        Assert.Equal(Enumerable.Repeat(10, 10), received);
        Assert.StartsWith("CSV 'stream' line 102, column 1 'a':", ex.Message);
    }

    [Fact]
    public async Task Missing_file_is_not_found()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("missing.csv");

        var ex = await Assert.ThrowsAsync<NotFoundException>(() => CsvReader.ReadAllAsync(path));
        await Assert.ThrowsAsync<NotFoundException>(() => CsvReader.InferSchemaAsync(path));
        await Assert.ThrowsAsync<NotFoundException>(async () =>
        {
            await foreach (RecordBatch unused in CsvReader.ReadBatchesAsync(path))
            {
            }
        });

        Assert.Equal($"CSV file '{path}' does not exist.", ex.Message);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => CsvReader.ReadBatchesAsync((string)null!));
        Assert.Throws<ArgumentNullException>(() => CsvReader.ReadBatchesAsync((Stream)null!));
    }

    [Fact]
    public async Task Null_arguments_are_rejected_by_the_task_methods()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => CsvReader.ReadAllAsync((string)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => CsvReader.ReadAllAsync((Stream)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => CsvReader.InferSchemaAsync((string)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => CsvReader.InferSchemaAsync((Stream)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => CsvWriter.WriteFileAsync("x.csv", (RecordBatch)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => CsvWriter.WriteFileAsync(null!, RecordBatch.Empty(new Schema(new Field("a", DataType.Int64)))));
    }

    [Fact]
    public async Task Cancellation_stops_the_read()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CsvReader.ReadAllAsync(new MemoryStream("a\n1\n"u8.ToArray()), cancellationToken: cts.Token));
    }
}
