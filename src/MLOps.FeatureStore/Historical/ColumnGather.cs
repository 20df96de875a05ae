using System.Text;
using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>Builds an output column by taking, for each output row, the source row a match array names (-1 for null).</summary>
internal static class ColumnGather
{
    public static Column Gather(Column source, FeatureType type, int[] match)
    {
        var n = match.Length;
        var validity = new byte[(n + 7) >> 3];
        var hasNulls = source.NullCount > 0;
        switch (type)
        {
            case FeatureType.Int64:
            {
                var values = new long[n];
                if (source is Int64Column int64)
                {
                    GatherValues(int64.ValueMemory, source, hasNulls, match, values, validity);
                }
                else
                {
                    GatherObjects(source, match, validity, (i, v) => values[i] = Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture));
                }

                return new Int64Column(values, validity);
            }

            case FeatureType.Float64:
            {
                var values = new double[n];
                if (source is Float64Column float64)
                {
                    GatherValues(float64.ValueMemory, source, hasNulls, match, values, validity);
                }
                else
                {
                    GatherObjects(source, match, validity, (i, v) => values[i] = Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture));
                }

                return new Float64Column(values, validity);
            }

            case FeatureType.Bool:
            {
                var bits = new byte[(n + 7) >> 3];
                GatherObjects(source, match, validity, (i, v) =>
                {
                    if (v is true)
                    {
                        bits[i >> 3] |= (byte)(1 << (i & 7));
                    }
                });
                return new BooleanColumn(bits, n, validity);
            }

            default:
            {
                var builder = new StringColumnBuilder(n);
                if (source is StringColumn strings)
                {
                    for (var i = 0; i < n; i++)
                    {
                        var m = match[i];
                        if (m < 0 || strings.IsNull(m))
                        {
                            builder.AppendNull();
                        }
                        else
                        {
                            builder.Append(strings.GetUtf8(m));
                        }
                    }
                }
                else
                {
                    for (var i = 0; i < n; i++)
                    {
                        var m = match[i];
                        builder.Append(m < 0 ? null : ToText(source.GetValue(m)));
                    }
                }

                return builder.Build();
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> over row ranges in parallel; ranges start at multiples of 8 so validity bytes are never shared.</summary>
    public static void ForRanges(int n, Action<int, int> body)
    {
        var partitions = FeatureIndex.Partitions(n);
        if (partitions == 1)
        {
            body(0, n);
            return;
        }

        Parallel.For(0, partitions, p =>
        {
            var from = (int)((long)n * p / partitions) & ~7;
            var to = p == partitions - 1 ? n : (int)((long)n * (p + 1) / partitions) & ~7;
            body(from, to);
        });
    }

    /// <summary>Copies matched values of a primitive column in parallel ranges (aligned to 8 rows, so no two ranges share a validity byte).</summary>
    private static void GatherValues<T>(ReadOnlyMemory<T> memory, Column source, bool hasNulls, int[] match, T[] values, byte[] validity) =>
        ForRanges(match.Length, (from, to) =>
        {
            var src = memory.Span;
            for (var i = from; i < to; i++)
            {
                var m = match[i];
                if (m >= 0 && !(hasNulls && source.IsNull(m)))
                {
                    values[i] = src[m];
                    validity[i >> 3] |= (byte)(1 << (i & 7));
                }
            }
        });

    private static void GatherObjects(Column source, int[] match, byte[] validity, Action<int, object> set)
    {
        for (var i = 0; i < match.Length; i++)
        {
            var m = match[i];
            if (m >= 0 && source.GetValue(m) is { } value)
            {
                set(i, value);
                validity[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
    }

    private static string? ToText(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        _ => value.ToString(),
    };
}
