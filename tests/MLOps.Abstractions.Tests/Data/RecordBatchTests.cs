using MLOps.Data;

namespace MLOps.Abstractions.Tests.Data;

public sealed class RecordBatchTests
{
    private static readonly Schema Schema = new(
        new Field("id", DataType.Int64, IsNullable: false),
        new Field("name", DataType.String),
        new Field("price", DataType.Float64));

    private static RecordBatch Sample() => new(Schema, [
        Int64Column.FromValues(1, 2, 3),
        StringColumn.FromValues("a", null, "c"),
        Float64Column.FromNullable(1.5, 2.5, null),
    ]);

    [Fact]
    public void Exposes_schema_rows_and_columns()
    {
        RecordBatch batch = Sample();
        Assert.Equal(3, batch.RowCount);
        Assert.Equal(3, batch.ColumnCount);
        Assert.Equal(3, batch.Columns.Count);
        Assert.Same(batch.Column(1), batch.Column("name"));
        Assert.Equal(2.5, batch.Column<Float64Column>("price")[1]);
        Assert.Equal(2L, batch.Column<Int64Column>(0)[1]);
        Assert.Equal(3L, batch.Column<PrimitiveColumn<long>>("id")[2]);
    }

    [Fact]
    public void ToString_shows_rows_and_schema()
    {
        Assert.Equal("RecordBatch 3 rows (id: Int64 not null, name: String, price: Float64)", Sample().ToString());
    }

    [Fact]
    public void Unknown_column_name_lists_the_columns()
    {
        var ex = Assert.Throws<NotFoundException>(() => Sample().Column("cost"));
        Assert.Contains("'cost'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("id, name, price", ex.Message, StringComparison.Ordinal);
        Assert.Throws<NotFoundException>(() => Sample().Column<Float64Column>("cost"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample().Column(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample().Column<Int64Column>(-1));
    }

    [Fact]
    public void Wrong_typed_accessor_names_the_column_and_both_types()
    {
        var ex = Assert.Throws<ValidationException>(() => Sample().Column<Float64Column>("id"));
        Assert.Equal("Column 'id' is Int64, not Float64.", ex.Message);
        ex = Assert.Throws<ValidationException>(() => Sample().Column<StringColumn>(2));
        Assert.Equal("Column 'price' is Float64, not String.", ex.Message);
    }

    [Fact]
    public void Constructor_rejects_a_length_mismatch_naming_the_column()
    {
        var ex = Assert.Throws<ValidationException>(() => new RecordBatch(Schema, [
            Int64Column.FromValues(1, 2, 3),
            StringColumn.FromValues("a", "b"),
            Float64Column.FromValues(1, 2, 3),
        ]));
        Assert.Contains("'name'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_rejects_nulls_in_a_non_nullable_field()
    {
        var ex = Assert.Throws<ValidationException>(() => new RecordBatch(Schema, [
            Int64Column.FromNullable(1, null, 3),
            StringColumn.FromValues("a", "b", "c"),
            Float64Column.FromValues(1, 2, 3),
        ]));
        Assert.Contains("'id'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not nullable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_rejects_a_type_mismatch_and_a_wrong_column_count()
    {
        var ex = Assert.Throws<ValidationException>(() => new RecordBatch(Schema, [
            Int64Column.FromValues(1),
            StringColumn.FromValues("a"),
            Float32Column.FromValues(1),
        ]));
        Assert.Contains("'price'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Float32", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => new RecordBatch(Schema, [Int64Column.FromValues(1)]));
        Assert.Throws<ValidationException>(() => new RecordBatch(Schema, [Int64Column.FromValues(1), null!, Float64Column.FromValues(1)]));
        Assert.Throws<ArgumentNullException>(() => new RecordBatch(null!, []));
        Assert.Throws<ArgumentNullException>(() => new RecordBatch(Schema, null!));
    }

    [Fact]
    public void Constructor_copies_the_column_list()
    {
        var columns = new List<Column> { Int64Column.FromValues(1), StringColumn.FromValues("a"), Float64Column.FromValues(1) };
        var batch = new RecordBatch(Schema, columns);
        columns[0] = Int64Column.FromValues(9);
        Assert.Equal(1L, batch.Column("id").GetValue(0));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 4)]
    [InlineData(2, 2)]
    [InlineData(1, -1)]
    public void Slice_out_of_range_throws(int offset, int length)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Sample().Slice(offset, length));
        Assert.Contains("3 rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_rejects_unknown_and_repeated_names()
    {
        Assert.Throws<NotFoundException>(() => Sample().Select("id", "nope"));
        Assert.Throws<ValidationException>(() => Sample().Select("id", "id"));
        Assert.Throws<ArgumentNullException>(() => Sample().Select((IEnumerable<string>)null!));
    }

    [Fact]
    public void Select_and_slice_down_to_no_columns_keep_the_row_count()
    {
        RecordBatch none = Sample().Select();
        Assert.Equal(0, none.ColumnCount);
        Assert.Equal(3, none.RowCount);
        Assert.Equal(2, none.Slice(1, 2).RowCount);
    }

    [Fact]
    public void Concat_rejects_schema_mismatch_naming_the_batch()
    {
        RecordBatch other = new(new Schema(new Field("id", DataType.Int64)), [Int64Column.FromValues(1)]);
        var ex = Assert.Throws<ValidationException>(() => RecordBatch.Concat([Sample(), other]));
        Assert.Contains("batch 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => RecordBatch.Concat([]));
        Assert.Throws<ArgumentNullException>(() => RecordBatch.Concat(null!));
        Assert.Throws<ArgumentNullException>(() => RecordBatch.Concat([Sample(), null!]));
    }

    [Fact]
    public void Concat_of_one_batch_returns_it_and_of_several_copies_once()
    {
        RecordBatch batch = Sample();
        Assert.Same(batch, RecordBatch.Concat([batch]));
        RecordBatch doubled = RecordBatch.Concat([batch, batch]);
        Assert.Equal(6, doubled.RowCount);
        Assert.Equal("c", doubled.Column<StringColumn>("name")[5]);
        Assert.Equal(2, doubled.Column("price").NullCount);
    }

    [Fact]
    public void Empty_has_a_column_per_field_and_no_rows()
    {
        RecordBatch empty = RecordBatch.Empty(Schema);
        Assert.Equal(0, empty.RowCount);
        Assert.Equal(3, empty.ColumnCount);
        Assert.IsType<StringColumn>(empty.Column("name"));
        Assert.Equal(6, RecordBatch.Concat([empty, Sample(), Sample()]).RowCount);
        Assert.Throws<ArgumentNullException>(() => RecordBatch.Empty(null!));
    }
}
