using MLOps.Data;

namespace MLOps.Storage.Tests.Csv;

/// <summary>Compares batches cell by cell, telling null from empty and -0.0 from 0.0.</summary>
public static class BatchAssert
{
    public static void Equal(RecordBatch expected, RecordBatch actual)
    {
        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (int c = 0; c < expected.ColumnCount; c++)
        {
            for (int r = 0; r < expected.RowCount; r++)
            {
                object? e = expected.Column(c).GetValue(r);
                object? a = actual.Column(c).GetValue(r);
                if (!CellEquals(e, a))
                {
                    Assert.Fail($"Column '{expected.Schema[c].Name}' row {r}: expected {Show(e)} but got {Show(a)}.");
                }
            }
        }
    }

    public static bool CellEquals(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (double e, double a) => BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a) || (double.IsNaN(e) && double.IsNaN(a)),
        (float e, float a) => BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(a) || (float.IsNaN(e) && float.IsNaN(a)),
        _ => Equals(expected, actual),
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "?",
    };
}
