using System.Text;
using MLOps.Data;
using MLOps.Storage.Csv;

namespace MLOps.Storage.Tests.Csv;

public sealed class CsvReaderInferenceTests
{
    [Theory]
    [InlineData("true|FALSE|True", DataType.Boolean)]
    [InlineData("1|-2|+3|9223372036854775807", DataType.Int64)]
    [InlineData("1|2.5|-3", DataType.Float64)]
    [InlineData("1e5|NaN|Infinity|-Infinity", DataType.Float64)]
    [InlineData("9223372036854775808|1", DataType.Float64)]
    [InlineData("2024-01-02|2024-01-02T03:04:05Z|2024-01-02T03:04:05.123456+02:00", DataType.Timestamp)]
    [InlineData("2024-01-02 03:04:05", DataType.Timestamp)]
    [InlineData("1|true", DataType.String)]
    [InlineData("2024-01-02|5", DataType.String)]
    [InlineData("2024-02-30", DataType.String)]
    [InlineData("abc|1", DataType.String)]
    [InlineData(" 1 | 2", DataType.Int64)]
    public async Task Narrowest_type_that_fits_every_value(string values, DataType expected)
    {
        string csv = "x\n" + string.Join('\n', values.Split('|')) + "\n";

        Schema schema = await CsvReader.InferSchemaAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal(new Field("x", expected, IsNullable: true), schema[0]);
    }

    [Fact]
    public async Task Infer_schema_from_a_file_reads_only_the_sample()
    {
        using var dir = new MLOps.Testing.TempDirectory();
        string path = dir.Combine("data.csv");
        await File.WriteAllTextAsync(path, "a,b,c\n1,x,2024-01-01\n2,y,2024-01-02T10:00:00Z\nnot a number,z,\n");

        Schema schema = await CsvReader.InferSchemaAsync(path, new CsvOptions { InferenceSampleRows = 2 });

        Assert.Equal(new Schema(new Field("a", DataType.Int64), new Field("b", DataType.String), new Field("c", DataType.Timestamp)), schema);
    }

    [Fact]
    public async Task Nulls_do_not_widen_and_all_null_column_is_string()
    {
        var batch = await CsvText.ReadAsync("a,b,c\n1,,NA\nNA,2.5,\n3,NA,\n");

        Assert.Equal(
            new Schema(new Field("a", DataType.Int64), new Field("b", DataType.Float64), new Field("c", DataType.String)),
            batch.Schema);
        Assert.Equal(new object?[][] { [1L, null, null], [null, 2.5, null], [3L, null, null] }, CsvText.Rows(batch));
    }

    [Fact]
    public async Task Quoted_empty_in_a_numeric_looking_column_makes_it_string()
    {
        Schema schema = await CsvReader.InferSchemaAsync(new MemoryStream("a\n1\n\"\"\n"u8.ToArray()));

        Assert.Equal(DataType.String, schema[0].Type);
    }

    [Fact]
    public async Task Values_are_parsed_into_typed_columns()
    {
        var batch = await CsvText.ReadAsync("b,i,f,t,s\ntrue,-7,1.25e2,2024-03-04T05:06:07.5Z,hi\nfalse,8,-0.5,2024-03-04,\"\"\n");

        Assert.True(batch.Column<BooleanColumn>("b")[0]);
        Assert.Equal([-7L, 8L], batch.Column<Int64Column>("i").Values.ToArray());
        Assert.Equal([125.0, -0.5], batch.Column<Float64Column>("f").Values.ToArray());
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 5, 6, 7, 500, TimeSpan.Zero), batch.Column<TimestampColumn>("t").GetDateTime(0));
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 0, 0, 0, TimeSpan.Zero), batch.Column<TimestampColumn>("t").GetDateTime(1));
        Assert.Equal("", batch.Column<StringColumn>("s")[1]);
    }

    [Fact]
    public async Task Inference_reads_a_non_seekable_stream_once()
    {
        string csv = "a,b\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{i}.5\n"));
        var stream = new TrickleStream(Encoding.UTF8.GetBytes(csv), maxChunk: 5);

        var batch = await CsvReader.ReadAllAsync(stream, new CsvOptions { InferenceSampleRows = 20, BufferSize = 1 });

        Assert.Equal(50, batch.RowCount);
        Assert.Equal(DataType.Float64, batch.Schema["b"].Type);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), batch.Column<Int64Column>("a").Values.ToArray());
    }

    [Fact]
    public async Task Only_the_sample_decides_the_type()
    {
        var ex = await CsvText.ReadFailsAsync("a,b\n1,x\n2,y\n3.5,z\n", new CsvOptions { InferenceSampleRows = 2 });

        Assert.Equal(
            "CSV 'test.csv' line 4, column 1 'a': '3.5' is not a valid Int64. The type was inferred from the sample rows; "
            + "set CsvOptions.ColumnTypes[\"a\"] (for example to DataType.String) or CsvOptions.Schema to override it.",
            ex.Message);
    }

    [Fact]
    public async Task Sample_larger_than_chunk_is_emitted_in_chunks()
    {
        string csv = "a\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"{i}\n"));

        var batches = await CsvText.ReadBatchesAsync(csv, new CsvOptions { ChunkRows = 3, InferenceSampleRows = 7 });

        Assert.Equal([3, 3, 3, 1], batches.Select(b => b.RowCount));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), batches.SelectMany(b => b.Column<Int64Column>("a").Values.ToArray()));
    }

    [Fact]
    public async Task Null_token_that_parses_as_a_number_is_still_null()
    {
        var options = new CsvOptions { NullValues = ["", "NaN", "-1"], ColumnTypes = { ["a"] = DataType.Float64 } };

        var batch = await CsvText.ReadAsync("a\nNaN\n-1\n2\n\"NaN\"\n", options);

        Assert.Equal(new object?[][] { [null], [null], [2.0], [double.NaN] }, CsvText.Rows(batch));
    }
}
