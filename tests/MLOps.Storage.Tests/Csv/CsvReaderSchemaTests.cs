using MLOps.Data;
using MLOps.Storage.Csv;

namespace MLOps.Storage.Tests.Csv;

public sealed class CsvReaderSchemaTests
{
    private static readonly Schema Full = new(
        new Field("id", DataType.Int32, IsNullable: false),
        new Field("score", DataType.Float32),
        new Field("code", DataType.String));

    [Fact]
    public async Task Explicit_schema_sets_types_and_skips_inference()
    {
        var batch = await CsvText.ReadAsync("id,score,code\n1,0.5,007\n2,,NA\n", new CsvOptions { Schema = Full });

        Assert.Equal(Full, batch.Schema);
        Assert.Equal(new object?[][] { [1, 0.5f, "007"], [2, null, null] }, CsvText.Rows(batch));
    }

    [Fact]
    public async Task Header_may_list_the_schema_columns_in_another_order()
    {
        var batch = await CsvText.ReadAsync("code,id,score\nx,1,2.5\n", new CsvOptions { Schema = Full });

        Assert.Equal(Full, batch.Schema);
        Assert.Equal(new object?[][] { [1, 2.5f, "x"] }, CsvText.Rows(batch));
    }

    [Fact]
    public async Task Without_header_the_schema_names_the_columns_in_order()
    {
        var batch = await CsvText.ReadAsync("1,2.5,x\n", new CsvOptions { Schema = Full, HasHeader = false });

        Assert.Equal(new object?[][] { [1, 2.5f, "x"] }, CsvText.Rows(batch));
    }

    [Fact]
    public async Task Empty_input_without_header_but_with_schema_is_an_empty_batch()
    {
        var batch = await CsvText.ReadAsync("", new CsvOptions { Schema = Full, HasHeader = false });

        Assert.Equal(0, batch.RowCount);
        Assert.Equal(Full, batch.Schema);
    }

    [Fact]
    public async Task Column_type_overrides_apply_on_top_of_inference()
    {
        var options = new CsvOptions { ColumnTypes = { ["zip"] = DataType.String, ["n"] = DataType.Float64 } };

        var batch = await CsvText.ReadAsync("zip,n,other\n01234,1,true\n", options);

        Assert.Equal(
            new Schema(new Field("zip", DataType.String), new Field("n", DataType.Float64), new Field("other", DataType.Boolean)),
            batch.Schema);
        Assert.Equal("01234", batch.Column<StringColumn>("zip")[0]);
    }

    [Fact]
    public async Task Infer_schema_returns_the_given_schema()
    {
        Schema schema = await CsvReader.InferSchemaAsync(new MemoryStream("id,score,code\n"u8.ToArray()), new CsvOptions { Schema = Full });

        Assert.Equal(Full, schema);
    }

    [Fact]
    public async Task All_types_can_be_forced()
    {
        var schema = new Schema(
            new Field("b", DataType.Boolean), new Field("i", DataType.Int32), new Field("l", DataType.Int64),
            new Field("f", DataType.Float32), new Field("d", DataType.Float64), new Field("s", DataType.String),
            new Field("t", DataType.Timestamp));

        var batch = await CsvText.ReadAsync(
            "b,i,l,f,d,s,t\nTRUE,-2147483648,-9223372036854775808,3.4028235E+38,5e-324,x,0001-01-02T00:00:00Z\n",
            new CsvOptions { Schema = schema });

        Assert.Equal(
            new object?[] { true, int.MinValue, long.MinValue, float.MaxValue, double.Epsilon, "x", DateTimeOffset.MinValue.AddDays(1) },
            CsvText.Rows(batch)[0]);
    }
}
