using System.Text;
using MLOps.Data;

namespace MLOps.Drift;

/// <summary>
/// The binary form of a <see cref="ReferenceProfile"/>: magic <c>MLDP</c>, format version 1, the row
/// count, then per column its name, type, kind, whether it is approximate, dropped counts and either the sorted values (little-endian
/// doubles) or the categories with their counts. Deterministic, so equal profiles get equal blob hashes.
/// </summary>
internal static class ReferenceProfileSerializer
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "MLDP"u8.ToArray();

    public static byte[] Serialize(ReferenceProfile profile)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(profile.RowCount);
            writer.Write(profile.Columns.Count);
            foreach (ColumnProfile column in profile.Columns)
            {
                writer.Write(column.Name);
                writer.Write((int)column.Type);
                writer.Write((int)column.Kind);
                writer.Write(column.Approximate);
                MissingValueCounts missing = column.Sample.Missing;
                writer.Write(missing.Nulls);
                writer.Write(missing.NaN);
                writer.Write(missing.PositiveInfinity);
                writer.Write(missing.NegativeInfinity);
                if (column.Sample is NumericSample numeric)
                {
                    writer.Write(numeric.Sorted.Length);
                    foreach (double v in numeric.Sorted)
                    {
                        writer.Write(v);
                    }
                }
                else
                {
                    var categorical = (CategoricalSample)column.Sample;
                    writer.Write(categorical.Categories.Count);
                    for (int i = 0; i < categorical.Categories.Count; i++)
                    {
                        writer.Write(categorical.Categories[i]);
                        writer.Write(categorical.Counts[i]);
                    }
                }
            }
        }

        return stream.ToArray();
    }

    public static ReferenceProfile Deserialize(byte[] content, string source)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(content, writable: false), Encoding.UTF8);
            if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic))
            {
                throw new CorruptException($"{source} is not a drift reference profile (bad magic).");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new ConflictException($"{source} has profile format {version}; this version of MLOps.Drift reads format {FormatVersion}.");
            }

            long rows = reader.ReadInt64();
            int count = reader.ReadInt32();
            var columns = new List<ColumnProfile>(count);
            for (int c = 0; c < count; c++)
            {
                string name = reader.ReadString();
                var type = (DataType)reader.ReadInt32();
                var kind = (DriftColumnKind)reader.ReadInt32();
                bool approximate = reader.ReadBoolean();
                var missing = new MissingValueCounts(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
                int length = reader.ReadInt32();
                ColumnSample sample;
                if (kind == DriftColumnKind.Numeric)
                {
                    var values = new double[length];
                    for (int i = 0; i < length; i++)
                    {
                        values[i] = reader.ReadDouble();
                    }

                    sample = NumericSample.FromSorted(values, missing);
                }
                else
                {
                    var pairs = new KeyValuePair<string, long>[length];
                    for (int i = 0; i < length; i++)
                    {
                        pairs[i] = new(reader.ReadString(), reader.ReadInt64());
                    }

                    sample = CategoricalSample.FromCounts(pairs, missing);
                }

                columns.Add(new ColumnProfile(name, type, kind, sample) { Approximate = approximate });
            }

            return new ReferenceProfile(columns, rows);
        }
        catch (EndOfStreamException ex)
        {
            throw new CorruptException($"{source} is truncated.", ex);
        }
    }
}
