using MLOps.Data;

namespace MLOps.Drift;

/// <summary>Reads a column as the sample a test needs, consistently for the reference and every window.</summary>
internal static class ColumnSamples
{
    public static bool IsNumericType(DataType type) =>
        type is DataType.Int32 or DataType.Int64 or DataType.Float32 or DataType.Float64 or DataType.Timestamp;

    public static ColumnSample Read(Column column, DriftColumnKind kind, MissingValuePolicy policy, string name, string window)
    {
        if (kind == DriftColumnKind.Numeric)
        {
            if (!IsNumericType(column.Type))
            {
                throw new ValidationException($"Column '{name}' is numeric in the reference but {column.Type} in the {window} data.");
            }

            return NumericSample.FromColumn(column);
        }

        if (!IsNumericType(column.Type))
        {
            return CategoricalSample.FromColumn(column, policy);
        }

        // Numbers tested as categories: the same formatting as the reference, whatever the width.
        NumericSample numeric = NumericSample.FromColumn(column);
        CategoricalSample categories = CategoricalSample.FromNumeric(numeric);
        if (policy == MissingValuePolicy.Category && numeric.Missing.Total > 0)
        {
            var counts = categories.Categories.Select((c, i) => new KeyValuePair<string, long>(c, categories.Counts[i]))
                .Append(new(CategoricalSample.NullCategory, numeric.Missing.Total));
            return CategoricalSample.FromCounts(counts);
        }

        return categories;
    }
}
