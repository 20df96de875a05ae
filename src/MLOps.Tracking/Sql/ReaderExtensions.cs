using System.Data.Common;
using System.Globalization;

namespace MLOps.Tracking.Sql;

/// <summary>Portable reads: SQLite and PostgreSQL hand back different CLR types for the same column type.</summary>
internal static class ReaderExtensions
{
    public static long Int64(this DbDataReader reader, int ordinal) =>
        Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static long? NullableInt64(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.Int64(ordinal);

    public static string? NullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A metric value: NULL is how NaN is stored.</summary>
    public static double MetricValue(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    public static double? NullableDouble(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    /// <summary>A metric value as stored: NaN becomes NULL, so both dialects agree on comparisons and ordering.</summary>
    public static object? StoredMetric(double value) => double.IsNaN(value) ? null : value;
}
