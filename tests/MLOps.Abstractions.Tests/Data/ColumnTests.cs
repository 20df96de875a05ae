using System.Runtime.InteropServices;
using MLOps.Data;

namespace MLOps.Abstractions.Tests.Data;

public sealed class ColumnTests
{
    [Fact]
    public void Primitive_columns_read_values_and_nulls()
    {
        Int32Column ints = Int32Column.FromNullable(1, null, 3);
        Assert.Equal(DataType.Int32, ints.Type);
        Assert.Equal(3, ints.Length);
        Assert.Equal(1, ints.NullCount);
        Assert.True(ints.IsNull(1));
        Assert.True(ints.IsValid(2));
        Assert.Equal([1, 0, 3], ints.Values.ToArray());
        Assert.Equal(3, ints[2]);
        Assert.Null(ints.GetNullable(1));
        Assert.Equal(3, ints.GetNullable(2));
        Assert.Null(ints.GetValue(1));
        Assert.Equal(1, ints.GetValue(0));

        Assert.Equal(2L, Int64Column.FromValues(1, 2).GetValue(1));
        Assert.Equal(1.5f, Float32Column.FromValues(1.5f).GetValue(0));
        Assert.Equal(2.5, Float64Column.FromNullable(null, 2.5).GetValue(1));
        Assert.Equal(0, Float64Column.FromValues(1, 2).NullCount);
        Assert.True(Float64Column.FromValues(1, 2).ValidityBitmap.IsEmpty);
    }

    [Fact]
    public void FromValues_copies_the_array()
    {
        double[] values = [1, 2];
        Float64Column column = Float64Column.FromValues(values);
        values[0] = 99;
        Assert.Equal(1, column[0]);
    }

    [Fact]
    public void Constructor_wraps_memory_without_copying()
    {
        double[] values = [1, 2, 3];
        byte[] validity = [0b101];
        var column = new Float64Column(values, validity);
        Assert.Equal(1, column.NullCount);
        Assert.True(column.IsNull(1));
        Assert.True(MemoryMarshal.TryGetArray(column.ValueMemory, out ArraySegment<double> segment));
        Assert.Same(values, segment.Array);
    }

    [Fact]
    public void Constructor_honours_a_validity_bit_offset()
    {
        // Rows 0..2 are bits 11..13 of the bitmap: valid, null, valid.
        byte[] validity = [0x00, 0b0010_1000];
        var column = new Int64Column(new long[] { 7, 8, 9 }, validity, 11);
        Assert.False(column.IsNull(0));
        Assert.True(column.IsNull(1));
        Assert.False(column.IsNull(2));
        Assert.Equal(1, column.NullCount);
        Assert.Equal(3, column.ValidityOffset);
    }

    [Fact]
    public void Constructor_rejects_a_short_validity_bitmap()
    {
        var ex = Assert.Throws<ValidationException>(() => new Int32Column(new int[9], new byte[1]));
        Assert.Contains("Int32", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => new Int32Column(new int[8], new byte[1], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Int32Column(new int[1], new byte[1], -1));
    }

    [Fact]
    public void Index_out_of_range_throws_on_every_accessor()
    {
        Int32Column ints = Int32Column.FromValues(1, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => ints[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ints[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ints.IsNull(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ints.IsValid(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ints.GetValue(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ints.GetNullable(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => BooleanColumn.FromValues(true)[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => StringColumn.FromValues("a")[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => StringColumn.FromValues("a").GetUtf8(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimestampColumn.FromValues(1).GetDateTime(1));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, -1)]
    [InlineData(0, 4)]
    [InlineData(3, 1)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public void Slice_out_of_range_throws(int offset, int length)
    {
        Column[] columns =
        [
            Int32Column.FromValues(1, 2, 3),
            BooleanColumn.FromValues(true, false, true),
            StringColumn.FromValues("a", "b", "c"),
            TimestampColumn.FromValues(1, 2, 3),
        ];
        foreach (Column column in columns)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => column.Slice(offset, length));
            Assert.Contains("3 rows", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Slice_keeps_the_concrete_type_and_null_count()
    {
        Int32Column ints = Int32Column.FromNullable(1, null, 3, null, 5);
        Int32Column slice = ints.Slice(1, 3);
        Assert.Equal([0, 3, 0], slice.Values.ToArray());
        Assert.Equal(2, slice.NullCount);
        Assert.Equal(0, ints.Slice(4, 1).NullCount);
        Assert.Equal(0, ints.Slice(5, 0).Length);
    }

    [Fact]
    public void Boolean_column_is_bit_packed_and_slices_at_odd_bits()
    {
        BooleanColumn column = BooleanColumn.FromNullable(true, false, null, true, true, false, true, false, true, null, true);
        Assert.Equal(2, Bitmap.ByteCount(column.Length));
        Assert.Equal(2, column.ValueBits.Length);
        Assert.Equal(2, column.NullCount);
        Assert.Null(column.GetNullable(2));
        Assert.False(column[2]);
        Assert.True(column.GetNullable(0));
        BooleanColumn slice = column.Slice(3, 7);
        Assert.Equal([true, true, false, true, false, true, null], Enumerable.Range(0, 7).Select(slice.GetNullable));
        Assert.Equal(1, slice.NullCount);
        Assert.Equal(true, slice.GetValue(0));
    }

    [Fact]
    public void Boolean_constructor_rejects_short_value_bits()
    {
        Assert.Throws<ValidationException>(() => new BooleanColumn(new byte[1], 9));
        Assert.Throws<ValidationException>(() => new BooleanColumn(new byte[1], 1, 8, default, 0));
        Assert.Throws<ValidationException>(() => new BooleanColumn(new byte[2], 9, new byte[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BooleanColumn(new byte[1], -1));
    }

    [Fact]
    public void String_column_reads_text_and_utf8_and_null()
    {
        StringColumn column = StringColumn.FromValues("héllo", null, "", "中😀");
        Assert.Equal("héllo", column[0]);
        Assert.Null(column[1]);
        Assert.Equal("", column[2]);
        Assert.False(column.IsNull(2));
        Assert.Equal("中😀", column.GetValue(3));
        Assert.Equal("héllo"u8.ToArray(), column.GetUtf8(0).ToArray());
        Assert.True(column.GetUtf8(1).IsEmpty);
        Assert.Equal(5, column.Offsets.Length);

        StringColumn slice = column.Slice(1, 3);
        Assert.Equal([null, "", "中😀"], Enumerable.Range(0, 3).Select(i => slice[i]));
        Assert.Equal(1, slice.NullCount);
    }

    [Fact]
    public void String_constructor_validates_offsets()
    {
        byte[] data = "abc"u8.ToArray();
        var column = new StringColumn(new[] { 0, 1, 3 }, data);
        Assert.Equal("bc", column[1]);
        Assert.Throws<ValidationException>(() => new StringColumn(ReadOnlyMemory<int>.Empty, data));
        Assert.Throws<ValidationException>(() => new StringColumn(new[] { 0, 2, 1 }, data));
        Assert.Throws<ValidationException>(() => new StringColumn(new[] { 0, 4 }, data));
        Assert.Throws<ValidationException>(() => new StringColumn(new[] { -1, 2 }, data));
        Assert.Throws<ValidationException>(() => new StringColumn(new int[10], data, new byte[1]));
    }

    [Fact]
    public void Timestamp_column_boxes_utc_instants()
    {
        var instant = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234560);
        TimestampColumn column = TimestampColumn.FromDateTimes(instant, DateTimeOffset.UnixEpoch);
        Assert.Equal((instant.ToUnixTimeSeconds() * 1_000_000) + 123_456, column[0]);
        Assert.Equal(0, column[1]);
        DateTimeOffset read = column.GetDateTime(0);
        Assert.Equal(instant, read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
        Assert.Equal(read, column.GetValue(0));
        Assert.Equal(DataType.Timestamp, column.Type);

        TimestampColumn withNull = TimestampColumn.FromNullable(5, null);
        Assert.Null(withNull.GetValue(1));
        Assert.Null(withNull.GetNullableDateTime(1));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(50), withNull.GetNullableDateTime(0));
    }

    [Fact]
    public void Timestamp_rounds_sub_microsecond_ticks_towards_the_past()
    {
        TimestampColumn column = TimestampColumn.FromDateTimes(
            DateTimeOffset.UnixEpoch.AddTicks(19),
            DateTimeOffset.UnixEpoch.AddTicks(-1));
        Assert.Equal(1, column[0]);
        Assert.Equal(-1, column[1]);
    }

    [Fact]
    public void Timestamp_outside_datetimeoffset_range_throws_validation()
    {
        TimestampColumn column = TimestampColumn.FromValues(long.MaxValue, long.MinValue);
        Assert.Equal(long.MaxValue, column[0]);
        Assert.Throws<ValidationException>(() => column.GetDateTime(0));
        Assert.Throws<ValidationException>(() => column.GetValue(1));
    }

    [Fact]
    public void Concat_copies_into_one_fresh_column()
    {
        Int32Column a = Int32Column.FromValues(1, 2, 3);
        Int32Column b = Int32Column.FromNullable(null, 5);
        var joined = (Int32Column)Column.Concat([a.Slice(1, 2), b]);
        Assert.Equal([2, 3, 0, 5], joined.Values.ToArray());
        Assert.Equal(1, joined.NullCount);
        Assert.True(joined.IsNull(2));

        var strings = (StringColumn)Column.Concat([StringColumn.FromValues("a", "bc").Slice(1, 1), StringColumn.FromValues(null, "d")]);
        Assert.Equal([ "bc", null, "d" ], Enumerable.Range(0, 3).Select(i => strings[i]));
        Assert.Equal(0, strings.Offsets.Span[0]);

        var noNulls = (Float64Column)Column.Concat([Float64Column.FromValues(1), Float64Column.FromValues(2)]);
        Assert.True(noNulls.ValidityBitmap.IsEmpty);
    }

    [Fact]
    public void Concat_rejects_mixed_types_and_empty_lists()
    {
        var ex = Assert.Throws<ValidationException>(() => Column.Concat([Int32Column.FromValues(1), Int64Column.FromValues(1)]));
        Assert.Contains("Int64", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => Column.Concat([]));
        Assert.Throws<ArgumentNullException>(() => Column.Concat(null!));
        Assert.Throws<ArgumentNullException>(() => Column.Concat([Int32Column.FromValues(1), null!]));
    }

    [Fact]
    public void ToString_names_type_length_and_nulls()
    {
        Assert.Equal("Int32[3, 1 nulls]", Int32Column.FromNullable(1, null, 3).ToString());
    }
}
