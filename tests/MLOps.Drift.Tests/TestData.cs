using MLOps.Data;

namespace MLOps.Drift.Tests;

/// <summary>Small deterministic datasets for the tests.</summary>
internal static class TestData
{
    public static double[] Normal(int n, double shift = 0, double scale = 1, int seed = 1)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u = 1.0 - random.NextDouble();
            values[i] = shift + (scale * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return values;
    }

    public static RecordBatch Batch(params (string Name, Column Column)[] columns) =>
        new(new Schema(columns.Select(c => new Field(c.Name, c.Column.Type))), columns.Select(c => c.Column).ToArray());
}
