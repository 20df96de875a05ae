using MLOps.Data;

namespace MLOps.Abstractions.Tests.Data;

public sealed class RecordBatchBuilderTests
{
    private static readonly Schema Schema = new(
        new Field("id", DataType.Int64, IsNullable: false),
        new Field("name", DataType.String),
        new Field("at", DataType.Timestamp));

    [Fact]
    public void Builds_by_row_and_resets()
    {
        var builder = new RecordBatchBuilder(Schema, capacity: 2);
        builder.AppendRow(1L, "a", DateTimeOffset.UnixEpoch);
        builder.AppendRow(2, null, null);
        Assert.Equal(2, builder.RowCount);
        RecordBatch batch = builder.Build();
        Assert.Equal(2, batch.RowCount);
        Assert.Equal(2L, batch.Column("id").GetValue(1));
        Assert.Null(batch.Column("name").GetValue(1));
        Assert.Equal(0, builder.RowCount);
        Assert.Equal(0, builder.Build().RowCount);
    }

    [Fact]
    public void Builds_by_column_through_typed_builders()
    {
        var builder = new RecordBatchBuilder(Schema);
        builder.Column<Int64ColumnBuilder>(0).Append(5);
        builder.Column<StringColumnBuilder>("name").Append("x");
        ((TimestampColumnBuilder)builder.Column("at")).Append(10L);
        Assert.Same(builder.Column(1), builder.Column("name"));
        RecordBatch batch = builder.Build();
        Assert.Equal(1, batch.RowCount);
        Assert.Equal(10L, batch.Column<TimestampColumn>("at")[0]);
    }

    [Fact]
    public void Wrong_arity_is_rejected()
    {
        var builder = new RecordBatchBuilder(Schema);
        var ex = Assert.Throws<ValidationException>(() => builder.AppendRow(1L, "a"));
        Assert.Contains("2 values", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 columns", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => builder.AppendRow(null!));
    }

    [Fact]
    public void A_bad_value_names_the_column_and_leaves_no_partial_row()
    {
        var builder = new RecordBatchBuilder(Schema);
        builder.AppendRow(1L, null, null);
        var ex = Assert.Throws<ValidationException>(() => builder.AppendRow(2L, "b", "yesterday"));
        Assert.Contains("column 'at'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Row 1", ex.Message, StringComparison.Ordinal);
        Assert.IsType<ValidationException>(ex.InnerException);
        Assert.Equal(1, builder.RowCount);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(1, builder.Column(i).Length));
        builder.AppendRow(3L, "c", 7L);
        RecordBatch batch = builder.Build();
        Assert.Equal([null, "c"], Enumerable.Range(0, 2).Select(i => batch.Column<StringColumn>("name")[i]));
        Assert.Equal(1, batch.Column("name").NullCount);
    }

    [Fact]
    public void A_rolled_back_null_is_not_counted()
    {
        var builder = new RecordBatchBuilder(new Schema(new Field("a", DataType.Boolean), new Field("b", DataType.Int32)));
        Assert.Throws<ValidationException>(() => builder.AppendRow(null, "x"));
        builder.AppendRow(true, 1);
        RecordBatch batch = builder.Build();
        Assert.Equal(0, batch.Column("a").NullCount);
        Assert.Equal(true, batch.Column("a").GetValue(0));
    }

    [Fact]
    public void Null_in_a_non_nullable_column_is_rejected_naming_it()
    {
        var builder = new RecordBatchBuilder(Schema);
        var ex = Assert.Throws<ValidationException>(() => builder.AppendRow(null, "a", null));
        Assert.Contains("'id'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not nullable", ex.Message, StringComparison.Ordinal);

        builder.Column(0).AppendNull();
        builder.Column(1).AppendNull();
        builder.Column(2).AppendNull();
        ex = Assert.Throws<ValidationException>(builder.Build);
        Assert.Contains("'id'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_rejects_columns_of_different_lengths_and_keeps_the_rows()
    {
        var builder = new RecordBatchBuilder(Schema);
        builder.Column<Int64ColumnBuilder>(0).Append(1);
        builder.Column<Int64ColumnBuilder>(0).Append(2);
        builder.Column<StringColumnBuilder>(1).Append("a");
        builder.Column<TimestampColumnBuilder>(2).Append(1L);
        Assert.Equal(1, builder.RowCount);
        var ex = Assert.Throws<ValidationException>(builder.Build);
        Assert.Contains("'name'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'id' has 2", ex.Message, StringComparison.Ordinal);

        builder.Column<StringColumnBuilder>(1).Append("b");
        builder.Column<TimestampColumnBuilder>(2).Append(2L);
        Assert.Equal(2, builder.Build().RowCount);
    }

    [Fact]
    public void Wrong_typed_builder_names_the_column()
    {
        var builder = new RecordBatchBuilder(Schema);
        var ex = Assert.Throws<ValidationException>(() => builder.Column<Float64ColumnBuilder>(0));
        Assert.Contains("'id'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Int64", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Column(3));
        Assert.Throws<NotFoundException>(() => builder.Column("nope"));
        Assert.Throws<NotFoundException>(() => builder.Column<StringColumnBuilder>("nope"));
    }

    [Fact]
    public void Constructor_checks_its_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => new RecordBatchBuilder(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecordBatchBuilder(Schema, -1));
    }

    [Fact]
    public void A_schema_without_columns_counts_rows()
    {
        var builder = new RecordBatchBuilder(new Schema());
        builder.AppendRow();
        builder.AppendRow();
        Assert.Equal(2, builder.RowCount);
        RecordBatch batch = builder.Build();
        Assert.Equal(2, batch.RowCount);
        Assert.Equal(0, builder.RowCount);
    }
}
