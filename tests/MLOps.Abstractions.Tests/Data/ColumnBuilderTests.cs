using System.Runtime.InteropServices;
using MLOps.Data;

namespace MLOps.Abstractions.Tests.Data;

public sealed class ColumnBuilderTests
{
    [Theory]
    [InlineData(DataType.Boolean, typeof(BooleanColumnBuilder))]
    [InlineData(DataType.Int32, typeof(Int32ColumnBuilder))]
    [InlineData(DataType.Int64, typeof(Int64ColumnBuilder))]
    [InlineData(DataType.Float32, typeof(Float32ColumnBuilder))]
    [InlineData(DataType.Float64, typeof(Float64ColumnBuilder))]
    [InlineData(DataType.String, typeof(StringColumnBuilder))]
    [InlineData(DataType.Timestamp, typeof(TimestampColumnBuilder))]
    public void Create_picks_the_typed_builder(DataType type, Type expected)
    {
        ColumnBuilder builder = ColumnBuilder.Create(type, capacity: 4);
        Assert.IsType(expected, builder);
        Assert.Equal(type, builder.Type);
        Column empty = builder.Build();
        Assert.Equal(type, empty.Type);
        Assert.Equal(0, empty.Length);
    }

    [Fact]
    public void Create_rejects_unknown_types_and_negative_capacity()
    {
        Assert.Throws<ValidationException>(() => ColumnBuilder.Create((DataType)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnBuilder.Create(DataType.Int32, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StringColumnBuilder(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BooleanColumnBuilder(-1));
    }

    [Fact]
    public void Build_hands_over_the_buffer_and_resets()
    {
        var builder = new Float64ColumnBuilder(capacity: 100);
        for (int i = 0; i < 10; i++)
        {
            builder.Append(i);
        }

        Float64Column column = builder.Build();
        Assert.True(MemoryMarshal.TryGetArray(column.ValueMemory, out ArraySegment<double> segment));
        Assert.Equal(100, segment.Array!.Length); // the builder's own buffer, not a trimmed copy
        Assert.Equal(10, column.Length);
        Assert.Equal(0, builder.Length);

        builder.Append(42);
        Float64Column next = builder.Build();
        Assert.Equal([42.0], next.Values.ToArray());
        Assert.Equal(9, column[9]);
    }

    [Fact]
    public void Validity_is_materialised_only_after_the_first_null()
    {
        var builder = new Int64ColumnBuilder();
        builder.Append(1);
        builder.Append(2);
        Assert.True(builder.Build().ValidityBitmap.IsEmpty);

        for (int i = 0; i < 20; i++)
        {
            builder.Append(i);
        }

        builder.AppendNull();
        builder.Append(7);
        Assert.Equal(1, builder.NullCount);
        Int64Column column = builder.Build();
        Assert.Equal(3, column.ValidityBitmap.Length);
        Assert.Equal(1, column.NullCount);
        Assert.True(column.IsNull(20));
        Assert.All(Enumerable.Range(0, 20), i => Assert.True(column.IsValid(i)));
        Assert.True(column.IsValid(21));
        Assert.Equal(0, builder.NullCount);
    }

    [Fact]
    public void Append_does_not_allocate_once_capacity_is_reserved()
    {
        var warm = new Int32ColumnBuilder(4);
        warm.Append(1);
        var builder = new Int32ColumnBuilder(10_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            builder.Append(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Growth_keeps_every_value()
    {
        var builder = new Int32ColumnBuilder();
        var strings = new StringColumnBuilder();
        var booleans = new BooleanColumnBuilder();
        for (int i = 0; i < 1000; i++)
        {
            builder.Append(i);
            strings.Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            booleans.Append(i % 3 == 0);
        }

        Int32Column ints = builder.Build();
        StringColumn text = strings.Build();
        BooleanColumn flags = booleans.Build();
        Assert.Equal(Enumerable.Range(0, 1000), ints.Values.ToArray());
        Assert.Equal("999", text[999]);
        Assert.True(flags[999]);
        Assert.False(flags[998]);
    }

    [Fact]
    public void Long_strings_are_stored_whole()
    {
        string longText = new('é', 5000);
        var builder = new StringColumnBuilder();
        builder.Append("x");
        builder.Append(longText);
        StringColumn column = builder.Build();
        Assert.Equal(longText, column[1]);
        Assert.Equal(10_001, column.Data.Length);
    }

    [Fact]
    public void AppendValue_converts_compatible_values()
    {
        var ints = new Int32ColumnBuilder();
        ints.AppendValue((short)3);
        ints.AppendValue(4L);
        ints.AppendValue((byte)5);
        ints.AppendValue(null);
        ints.AppendValue(DBNull.Value);
        Assert.Equal([3, 4, 5, null, null], Enumerable.Range(0, 5).Select(ints.Build().GetNullable));

        var doubles = new Float64ColumnBuilder();
        doubles.AppendValue(1);
        doubles.AppendValue(2.5f);
        doubles.AppendValue(3.25m);
        doubles.AppendValue(ulong.MaxValue);
        Assert.Equal([1, 2.5, 3.25, ulong.MaxValue], doubles.Build().Values.ToArray());

        var floats = new Float32ColumnBuilder();
        floats.AppendValue(1.5);
        floats.AppendValue(2);
        Assert.Equal([1.5f, 2f], floats.Build().Values.ToArray());

        var longs = new Int64ColumnBuilder();
        longs.AppendValue(uint.MaxValue);
        longs.AppendValue((sbyte)-1);
        longs.AppendValue((ushort)7);
        Assert.Equal([uint.MaxValue, -1L, 7L], longs.Build().Values.ToArray());

        var times = new TimestampColumnBuilder();
        times.AppendValue(DateTimeOffset.UnixEpoch.AddSeconds(1));
        times.AppendValue(new DateTime(1970, 1, 1, 0, 0, 2, DateTimeKind.Utc));
        times.AppendValue(new DateTime(1970, 1, 1, 0, 0, 3, DateTimeKind.Unspecified));
        times.AppendValue(new DateTime(1970, 1, 1, 0, 0, 4, DateTimeKind.Utc).ToLocalTime());
        times.AppendValue(5_000_000L);
        Assert.Equal([1_000_000L, 2_000_000L, 3_000_000L, 4_000_000L, 5_000_000L], times.Build().Values.ToArray());

        var strings = new StringColumnBuilder();
        strings.AppendValue("a");
        strings.AppendValue('b');
        strings.AppendValue(null);
        StringColumn text = strings.Build();
        Assert.Equal(["a", "b", null], Enumerable.Range(0, 3).Select(i => text[i]));

        var flags = new BooleanColumnBuilder();
        flags.AppendValue(true);
        flags.AppendValue(null);
        Assert.Equal([true, null], Enumerable.Range(0, 2).Select(flags.Build().GetNullable));
    }

    [Fact]
    public void AppendValue_rejects_incompatible_values_naming_value_and_type()
    {
        var ex = Assert.Throws<ValidationException>(() => new Int32ColumnBuilder().AppendValue("12"));
        Assert.Contains("String", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => new Int32ColumnBuilder().AppendValue(3_000_000_000L));
        Assert.Throws<ValidationException>(() => new Int32ColumnBuilder().AppendValue(1.0));
        Assert.Throws<ValidationException>(() => new Int64ColumnBuilder().AppendValue(ulong.MaxValue));
        Assert.Throws<ValidationException>(() => new Float64ColumnBuilder().AppendValue("1.5"));
        Assert.Throws<ValidationException>(() => new Float32ColumnBuilder().AppendValue(true));
        Assert.Throws<ValidationException>(() => new BooleanColumnBuilder().AppendValue(1));
        Assert.Throws<ValidationException>(() => new StringColumnBuilder().AppendValue(1));
        Assert.Throws<ValidationException>(() => new TimestampColumnBuilder().AppendValue("2024-01-01"));
    }

    [Fact]
    public void Failed_AppendValue_leaves_the_builder_unchanged()
    {
        var builder = new Int32ColumnBuilder();
        builder.Append(1);
        Assert.Throws<ValidationException>(() => builder.AppendValue("x"));
        Assert.Equal(1, builder.Length);
    }

    [Fact]
    public void String_builder_takes_utf8_and_rejects_invalid_utf8()
    {
        var builder = new StringColumnBuilder();
        builder.Append("héllo"u8);
        builder.Append(ReadOnlySpan<byte>.Empty);
        builder.Append((string?)null);
        var ex = Assert.Throws<ValidationException>(() => builder.Append(new byte[] { 0xC3, 0x28 }));
        Assert.Contains("Row 3", ex.Message, StringComparison.Ordinal);
        StringColumn column = builder.Build();
        Assert.Equal(3, column.Length);
        Assert.Equal("héllo", column[0]);
        Assert.Equal("", column[1]);
        Assert.Null(column[2]);
    }

    [Fact]
    public void Timestamp_builder_takes_microseconds_and_instants()
    {
        var builder = new TimestampColumnBuilder();
        builder.Append(1L);
        builder.Append(new DateTimeOffset(1970, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)));
        builder.AppendNull();
        TimestampColumn column = builder.Build();
        Assert.Equal([1L, 0L, 0L], column.Values.ToArray());
        Assert.Equal(1, column.NullCount);
    }
}
