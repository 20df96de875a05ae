using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MLOps.FeatureStore;

/// <summary>
/// The wide online row's payload: the view's feature values in declared order, each a presence byte
/// then the value (8 bytes for int64/float64, 1 for bool, a 4-byte length and UTF-8 for string).
/// </summary>
internal static class OnlineValues
{
    public static object? Coerce(object? value, FeatureType type) => value switch
    {
        null or DBNull => null,
        _ => type switch
        {
            FeatureType.Int64 => value is long l ? l : Convert.ToInt64(value, CultureInfo.InvariantCulture),
            FeatureType.Float64 => value is double d ? d : Convert.ToDouble(value, CultureInfo.InvariantCulture),
            FeatureType.Bool => value is bool b ? b : Convert.ToBoolean(value, CultureInfo.InvariantCulture),
            _ => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture),
        },
    };

    public static byte[] Encode(IReadOnlyList<object?> values, IReadOnlyList<Feature> features)
    {
        var size = 0;
        for (var i = 0; i < features.Count; i++)
        {
            size += 1 + (values[i] is null ? 0 : features[i].Type switch
            {
                FeatureType.Bool => 1,
                FeatureType.String => 4 + Encoding.UTF8.GetByteCount((string)values[i]!),
                _ => 8,
            });
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        var at = 0;
        for (var i = 0; i < features.Count; i++)
        {
            var value = values[i];
            span[at++] = value is null ? (byte)0 : (byte)1;
            if (value is null)
            {
                continue;
            }

            switch (features[i].Type)
            {
                case FeatureType.Int64:
                    BinaryPrimitives.WriteInt64LittleEndian(span[at..], (long)value);
                    at += 8;
                    break;
                case FeatureType.Float64:
                    BinaryPrimitives.WriteDoubleLittleEndian(span[at..], (double)value);
                    at += 8;
                    break;
                case FeatureType.Bool:
                    span[at++] = (bool)value ? (byte)1 : (byte)0;
                    break;
                default:
                    var count = Encoding.UTF8.GetBytes((string)value, span[(at + 4)..]);
                    BinaryPrimitives.WriteInt32LittleEndian(span[at..], count);
                    at += 4 + count;
                    break;
            }
        }

        return buffer;
    }

    /// <summary>Decodes the payload into <paramref name="values"/> (one slot per view feature); features not <paramref name="needed"/> are skipped, not boxed.</summary>
    public static void Decode(ReadOnlySpan<byte> payload, IReadOnlyList<Feature> features, Span<object?> values, bool[]? needed = null)
    {
        var at = 0;
        for (var i = 0; i < features.Count; i++)
        {
            if (at >= payload.Length)
            {
                values[i] = null;
                continue;
            }

            var present = payload[at++] != 0;
            if (!present)
            {
                values[i] = null;
                continue;
            }

            if (needed is not null && !needed[i])
            {
                at += features[i].Type switch
                {
                    FeatureType.Bool => 1,
                    FeatureType.String => 4 + BinaryPrimitives.ReadInt32LittleEndian(payload[at..]),
                    _ => 8,
                };
                continue;
            }

            switch (features[i].Type)
            {
                case FeatureType.Int64:
                    values[i] = BinaryPrimitives.ReadInt64LittleEndian(payload[at..]);
                    at += 8;
                    break;
                case FeatureType.Float64:
                    values[i] = BinaryPrimitives.ReadDoubleLittleEndian(payload[at..]);
                    at += 8;
                    break;
                case FeatureType.Bool:
                    values[i] = payload[at++] != 0;
                    break;
                default:
                    var count = BinaryPrimitives.ReadInt32LittleEndian(payload[at..]);
                    values[i] = Encoding.UTF8.GetString(payload.Slice(at + 4, count));
                    at += 4 + count;
                    break;
            }
        }
    }
}
