using FsCheck;
using FsCheck.Fluent;
using MLOps.Data;

namespace MLOps.Abstractions.Tests.Data;

/// <summary>FsCheck generators of record batches covering all seven types, with nulls.</summary>
public static class BatchGenerators
{
    public static readonly DataType[] AllTypes =
        [DataType.Boolean, DataType.Int32, DataType.Int64, DataType.Float32, DataType.Float64, DataType.String, DataType.Timestamp];

    // Multi-byte UTF-8, separators and quotes, so strings exercise the offsets and byte copies.
    private static readonly string[] Fragments = ["a", "bc", "é", "中", "😀", ",", "\"", "\n", " ", "xyz"];

    /// <summary>Samples of 0 to <paramref name="maxRows"/> rows over a schema holding every type once, in random order.</summary>
    public static Gen<BatchSample> Samples(int maxRows = 150) =>
        from types in Gen.Shuffle(AllTypes)
        from nullable in Gen.ArrayOf(Gen.Elements(true, true, false), types.Length)
        let schema = new Schema(types.Select((t, i) => new Field($"{t.ToString().ToLowerInvariant()}_{i}", t, nullable[i])))
        from rowCount in Gen.Choose(0, maxRows)
        from rows in Gen.ArrayOf(Row(schema), rowCount)
        select new BatchSample(schema, rows);

    /// <summary>A sample with a valid [offset, offset + length) range inside it.</summary>
    public static Gen<(BatchSample Sample, int Offset, int Length)> SamplesWithRange(int maxRows = 150) =>
        from sample in Samples(maxRows)
        from offset in Gen.Choose(0, sample.RowCount)
        from length in Gen.Choose(0, sample.RowCount - offset)
        select (sample, offset, length);

    public static Gen<object?[]> Row(Schema schema) =>
        Gen.CollectToArray(schema.Select(field => Cell(field.Type, field.IsNullable)));

    public static Gen<object?> Cell(DataType type, bool nullable)
    {
        Gen<object?> value = Value(type);
        return nullable
            ? Gen.Frequency((1, Gen.Constant<object?>(null)), (4, value))
            : value;
    }

    public static Gen<object?> Value(DataType type) => type switch
    {
        DataType.Boolean => Gen.Elements(true, false).Select(v => (object?)v),
        DataType.Int32 => ArbMap.Default.GeneratorFor<int>().Select(v => (object?)v),
        DataType.Int64 => ArbMap.Default.GeneratorFor<long>().Select(v => (object?)v),
        DataType.Float32 => ArbMap.Default.GeneratorFor<float>().Select(v => (object?)v),
        DataType.Float64 => ArbMap.Default.GeneratorFor<double>().Select(v => (object?)v),
        DataType.String => Gen.ArrayOf(Gen.Elements(Fragments)).Select(parts => (object?)string.Concat(parts)),
        DataType.Timestamp => Gen.Choose(-1_000_000_000, 1_000_000_000)
            .Select(v => (object?)DateTimeOffset.UnixEpoch.AddTicks(v * 1_000_003L * 10)),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Builds the sample's batch row by row through <see cref="RecordBatchBuilder.AppendRow"/>.</summary>
    public static RecordBatch BuildByRow(BatchSample sample)
    {
        var builder = new RecordBatchBuilder(sample.Schema);
        foreach (object?[] row in sample.Rows)
        {
            builder.AppendRow(row);
        }

        return builder.Build();
    }

    /// <summary>Builds the sample's batch column by column through the typed fast-path builders.</summary>
    public static RecordBatch BuildByColumn(BatchSample sample)
    {
        var builder = new RecordBatchBuilder(sample.Schema);
        for (int c = 0; c < sample.Schema.Count; c++)
        {
            ColumnBuilder column = builder.Column(c);
            foreach (object?[] row in sample.Rows)
            {
                object? value = row[c];
                if (value is null)
                {
                    column.AppendNull();
                    continue;
                }

                switch (column)
                {
                    case BooleanColumnBuilder b: b.Append((bool)value); break;
                    case Int32ColumnBuilder b: b.Append((int)value); break;
                    case Int64ColumnBuilder b: b.Append((long)value); break;
                    case Float32ColumnBuilder b: b.Append((float)value); break;
                    case Float64ColumnBuilder b: b.Append((double)value); break;
                    case StringColumnBuilder b: b.Append(System.Text.Encoding.UTF8.GetBytes((string)value)); break;
                    case TimestampColumnBuilder b: b.Append((DateTimeOffset)value); break;
                    default: throw new InvalidOperationException(column.GetType().Name);
                }
            }
        }

        return builder.Build();
    }
}
