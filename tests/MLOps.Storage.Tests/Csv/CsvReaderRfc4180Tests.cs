using MLOps.Data;
using MLOps.Storage.Csv;

namespace MLOps.Storage.Tests.Csv;

public sealed class CsvReaderRfc4180Tests
{
    private static readonly CsvOptions AllStrings = new() { ColumnTypes = { ["a"] = DataType.String, ["b"] = DataType.String } };

    public static TheoryData<string> Readers => ["memory", "trickle"];

    private static Task<RecordBatch> Read(string how, string csv, CsvOptions? options = null) =>
        how == "memory" ? CsvText.ReadAsync(csv, options) : CsvText.ReadTrickledAsync(csv, options);

    private static CsvOptions Strings() => new() { ColumnTypes = { ["a"] = DataType.String, ["b"] = DataType.String } };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Quoted_field_holds_delimiter_quotes_and_newlines(string how)
    {
        var batch = await Read(how, "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"line1\nline2\",\"cr\r\nlf\"\n", Strings());

        Assert.Equal(new object?[][] { ["x,y", "say \"hi\""], ["line1\nline2", "cr\r\nlf"] }, CsvText.Rows(batch));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Crlf_and_lf_line_ends_read_the_same(string how)
    {
        var lf = await Read(how, "a,b\n1,2\n3,4\n");
        var crlf = await Read(how, "a,b\r\n1,2\r\n3,4\r\n");
        var mixed = await Read(how, "a,b\r\n1,2\n3,4");

        BatchAssert.Equal(lf, crlf);
        BatchAssert.Equal(lf, mixed);
        Assert.Equal(new object?[][] { [1L, 2L], [3L, 4L] }, CsvText.Rows(lf));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Lone_cr_ends_a_record(string how)
    {
        var batch = await Read(how, "a,b\r1,2\r3,4");

        Assert.Equal(new object?[][] { [1L, 2L], [3L, 4L] }, CsvText.Rows(batch));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Byte_order_mark_is_skipped(string how)
    {
        var batch = await Read(how, "\uFEFFa,b\n1,2\n");

        Assert.Equal("a", batch.Schema[0].Name);
        Assert.Equal(2, batch.ColumnCount);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Last_record_may_lack_a_line_break(string how)
    {
        var with = await Read(how, "a,b\n1,x\n");
        var without = await Read(how, "a,b\n1,x");
        var quotedLast = await Read(how, "a,b\n1,\"x\"");

        BatchAssert.Equal(with, without);
        BatchAssert.Equal(with, quotedLast);
        Assert.Equal(1, with.RowCount);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Empty_last_field_is_null_even_at_end_of_input(string how)
    {
        var batch = await Read(how, "a,b\n1,\n2,", Strings());

        Assert.Equal(new object?[][] { ["1", null], ["2", null] }, CsvText.Rows(batch));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Quoted_empty_is_an_empty_string_and_unquoted_empty_is_null(string how)
    {
        var batch = await Read(how, "a,b\n\"\",\nNA,\"NA\"\n", Strings());

        Assert.Equal(new object?[][] { ["", null], [null, "NA"] }, CsvText.Rows(batch));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Blank_lines_are_skipped_when_there_are_several_columns(string how)
    {
        var batch = await Read(how, "a,b\n1,2\n\n3,4\r\n\r\n");

        Assert.Equal(new object?[][] { [1L, 2L], [3L, 4L] }, CsvText.Rows(batch));
    }

    [Fact]
    public async Task Blank_line_in_a_single_column_file_is_a_null()
    {
        var batch = await CsvText.ReadAsync("a\n1\n\n3\n");

        Assert.Equal(new object?[][] { [1L], [null], [3L] }, CsvText.Rows(batch));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Other_delimiter_and_quote(string how)
    {
        var options = Strings();
        options.Delimiter = ';';
        options.Quote = '\'';
        var batch = await Read(how, "a;b\n'x;y';'it''s'\n", options);

        Assert.Equal(new object?[][] { ["x;y", "it's"] }, CsvText.Rows(batch));
    }

    [Fact]
    public async Task Tab_separated()
    {
        var batch = await CsvText.ReadAsync("a\tb\n1.5\thello world\n", new CsvOptions { Delimiter = '\t' });

        Assert.Equal(new object?[][] { [1.5, "hello world"] }, CsvText.Rows(batch));
    }

    [Fact]
    public async Task Quote_in_the_middle_of_an_unquoted_field_is_kept_as_text()
    {
        var batch = await CsvText.ReadAsync("a,b\n5\" disk,x\n", AllStrings);

        Assert.Equal("5\" disk", batch.Column<StringColumn>("a")[0]);
    }

    [Fact]
    public async Task Unicode_text_survives()
    {
        var batch = await CsvText.ReadTrickledAsync("a,b\n\"héllo, wörld\",日本語 🚀\n", Strings(), maxChunk: 2);

        Assert.Equal(new object?[][] { ["héllo, wörld", "日本語 🚀"] }, CsvText.Rows(batch));
    }

    [Fact]
    public async Task Without_header_columns_are_numbered()
    {
        var batch = await CsvText.ReadAsync("1,x\n2,y\n", new CsvOptions { HasHeader = false });

        Assert.Equal(new Schema(new Field("column1", DataType.Int64), new Field("column2", DataType.String)), batch.Schema);
        Assert.Equal(2, batch.RowCount);
    }

    [Fact]
    public async Task Header_names_may_be_quoted_and_blank_names_are_numbered()
    {
        var batch = await CsvText.ReadAsync("\"a,1\",,\"say \"\"x\"\"\"\n1,2,3\n");

        Assert.Equal(["a,1", "column2", "say \"x\""], batch.Schema.Select(f => f.Name));
    }

    [Fact]
    public async Task Header_only_file_gives_an_empty_batch_of_string_columns()
    {
        var batch = await CsvText.ReadAsync("a,b\n");

        Assert.Equal(0, batch.RowCount);
        Assert.Equal(new Schema(new Field("a", DataType.String), new Field("b", DataType.String)), batch.Schema);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public async Task Records_spanning_refills_read_the_same_as_in_one_buffer(int chunk)
    {
        string csv = string.Concat(Enumerable.Range(0, 200).Select(i =>
            $"{i},\"q{i},\"\"x\"\"\r\n{new string('z', i % 150)}\",{i * 0.25},{(i % 3 == 0 ? "" : "t")}\r\n"));
        csv = "n,text,f,maybe\r\n" + csv;

        var whole = await CsvText.ReadAsync(csv);
        var trickled = await CsvText.ReadTrickledAsync(csv, maxChunk: chunk);

        BatchAssert.Equal(whole, trickled);
        Assert.Equal(200, whole.RowCount);
        Assert.Equal($"q5,\"x\"\r\n{new string('z', 5)}", whole.Column<StringColumn>("text")[5]);
    }

    [Fact]
    public async Task Record_longer_than_the_buffer_grows_it()
    {
        string big = new('x', 10_000);
        var options = new CsvOptions { BufferSize = 64 };
        var batch = await CsvReader.ReadAllAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"a,b\n{big},1\n\"{big}\",2\n")), options);

        Assert.Equal(big, batch.Column<StringColumn>("a")[0]);
        Assert.Equal(big, batch.Column<StringColumn>("a")[1]);
    }
}
