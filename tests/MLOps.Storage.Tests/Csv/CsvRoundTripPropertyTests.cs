using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MLOps.Data;
using MLOps.Storage.Csv;

namespace MLOps.Storage.Tests.Csv;

/// <summary>Whatever the writer writes, the reader reads back as an equal batch given the same schema.</summary>
public sealed class CsvRoundTripPropertyTests
{
    private static readonly DataType[] AllTypes = Enum.GetValues<DataType>();

    // Pieces chosen to hit every quoting rule: delimiters, both quote styles, line breaks, spaces at
    // the edges, null tokens, a byte order mark, and text that looks like other types.
    private static readonly string[] Fragments =
    [
        "a", "Zz", "hello world", ",", ";", "\t", "|", "\"", "'", "\"\"", "\r", "\n", "\r\n", " ", "  x ", "NA", "null",
        "é", "日本", "🚀", "\uFEFF", "1", "-2.5e3", "true", "2024-01-01", "NaN", "",
    ];

    private static readonly string[] ColumnNames = ["id", "a b", "x,y", "q\"uote", "line\nbreak", "é", "NA", " padded "];

    private static Gen<string> Text =>
        Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements(Fragments), n)).Select(parts => string.Concat(parts));

    private static Gen<long> Microseconds =>
        from days in Gen.Choose(-719_162, 2_932_896)
        from seconds in Gen.Choose(0, 86_399)
        from micros in Gen.Choose(0, 999_999)
        select (((long)days * 86_400) + seconds) * 1_000_000 + micros;

    private static Gen<long> Int64s =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<long>(),
            Gen.Elements(long.MinValue, long.MaxValue, 0L, -1L),
            from hi in Gen.Choose(int.MinValue, int.MaxValue) from lo in Gen.Choose(int.MinValue, int.MaxValue) select ((long)hi << 32) | (uint)lo);

    private static Gen<double> Doubles =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<double>(),
            Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, double.MaxValue, double.MinValue, 0.1, 1e22, 1e23, 123456789012345678.0),
            Int64s.Select(BitConverter.Int64BitsToDouble).Select(d => double.IsNaN(d) ? double.NaN : d));

    private static Gen<object> ValueOf(DataType type) => type switch
    {
        DataType.Boolean => ArbMap.Default.GeneratorFor<bool>().Select(v => (object)v),
        DataType.Int32 => Gen.OneOf(ArbMap.Default.GeneratorFor<int>(), Gen.Elements(int.MinValue, int.MaxValue)).Select(v => (object)v),
        DataType.Int64 => Int64s.Select(v => (object)v),
        DataType.Float32 => Doubles.Select(v => (object)(float)v),
        DataType.Float64 => Doubles.Select(v => (object)v),
        DataType.Timestamp => Microseconds.Select(v => (object)DateTimeOffset.UnixEpoch.AddTicks(v * 10)),
        _ => Text.Select(v => (object)v),
    };

    private static Gen<object?> CellOf(Field field) =>
        field.IsNullable
            ? Gen.Frequency((1, Gen.Constant<object?>(null)), (4, ValueOf(field.Type).Select(v => (object?)v)))
            : ValueOf(field.Type).Select(v => (object?)v);

    private static Gen<Schema> Schemas =>
        from count in Gen.Choose(1, 6)
        from types in Gen.ArrayOf(Gen.Elements(AllTypes), count)
        from nullable in Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), count)
        from names in Gen.Shuffle(ColumnNames)
        select new Schema(types.Select((type, i) => new Field(names[i], type, nullable[i])));

    private static Gen<RecordBatch> Batches =>
        from schema in Schemas
        from rowCount in Gen.Choose(0, 12)
        from rows in Gen.ArrayOf(Gen.CollectToArray(schema.Select(CellOf)), rowCount)
        select Build(schema, rows);

    private static Gen<CsvOptions> Options =>
        from delimiter in Gen.Elements(',', ';', '\t', '|')
        from quote in Gen.Elements('"', '\'')
        from header in ArbMap.Default.GeneratorFor<bool>()
        from nulls in Gen.Elements<string[]>(["", "NA"], [""], ["NULL", ""], ["\\N"])
        from tiny in ArbMap.Default.GeneratorFor<bool>()
        select new CsvOptions { Delimiter = delimiter, Quote = quote, HasHeader = header, NullValues = nulls, BufferSize = tiny ? 1 : 4096 };

    [Fact]
    public void Reading_what_the_writer_wrote_gives_an_equal_batch()
    {
        var cases = from batch in Batches from options in Options select (batch, options);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(cases), c => RoundTrips(c.batch, c.options)));
    }

    [Fact]
    public void Round_trip_through_several_batches_keeps_row_order()
    {
        var cases = from schema in Schemas
                    from sizes in Gen.ArrayOf(Gen.Choose(0, 5), 3)
                    from rows in Gen.CollectToArray(sizes.Select(size => Gen.ArrayOf(Gen.CollectToArray(schema.Select(CellOf)), size)))
                    select rows.Select(r => Build(schema, r)).ToArray();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), Prop.ForAll(Arb.From(cases), batches =>
        {
            var stream = new MemoryStream();
            using (var writer = new CsvWriter(stream, leaveOpen: true))
            {
                foreach (RecordBatch batch in batches)
                {
                    writer.WriteAsync(batch).AsTask().GetAwaiter().GetResult();
                }
            }

            stream.Position = 0;
            var options = new CsvOptions { Schema = batches[0].Schema, ChunkRows = 4 };
            RecordBatch back = CsvReader.ReadAllAsync(stream, options).GetAwaiter().GetResult();
            BatchAssert.Equal(RecordBatch.Concat(batches), back);
        }));
    }

    private static bool RoundTrips(RecordBatch batch, CsvOptions options)
    {
        var stream = new MemoryStream();
        using (var writer = new CsvWriter(stream, options, leaveOpen: true))
        {
            writer.WriteAsync(batch).AsTask().GetAwaiter().GetResult();
        }

        byte[] csv = stream.ToArray();
        options.Schema = batch.Schema;
        RecordBatch back;
        try
        {
            back = CsvReader.ReadAllAsync(new TrickleStream(csv, maxChunk: 13), options).GetAwaiter().GetResult();
        }
        catch (ValidationException ex)
        {
            throw new InvalidOperationException($"Could not read back:\n{Encoding.UTF8.GetString(csv)}", ex);
        }

        BatchAssert.Equal(batch, back);
        return true;
    }

    private static RecordBatch Build(Schema schema, object?[][] rows)
    {
        var builder = new RecordBatchBuilder(schema);
        foreach (object?[] row in rows)
        {
            builder.AppendRow(row);
        }

        return builder.Build();
    }
}
