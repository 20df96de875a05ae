using MLOps.Data;
using MLOps.Storage.Csv;

namespace MLOps.Samples.Quickstart;

/// <summary>Writes a batch as CSV, reads it back with type inference, and checks nothing changed.</summary>
internal static class CsvRoundTrip
{
    public static async Task WriteAsync(RecordBatch batch, string path) => await CsvWriter.WriteFileAsync(path, batch);

    public static async Task<RecordBatch> ReadAsync(string path) => await CsvReader.ReadAllAsync(path);

    public static void AssertSame(RecordBatch expected, RecordBatch actual)
    {
        if (expected.RowCount != actual.RowCount || expected.ColumnCount != actual.ColumnCount)
        {
            throw new InvalidOperationException($"CSV round trip changed the shape: {expected} became {actual}.");
        }

        for (var c = 0; c < expected.ColumnCount; c++)
        {
            for (var r = 0; r < expected.RowCount; r++)
            {
                var a = expected.Column(c).GetValue(r);
                var b = actual.Column(c).GetValue(r);
                if (!Equals(a, b))
                {
                    throw new InvalidOperationException($"CSV round trip changed row {r}, column '{expected.Schema[c].Name}': {a} became {b}.");
                }
            }
        }
    }
}
