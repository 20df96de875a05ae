using MLOps.Data;

namespace MLOps.Samples.Quickstart;

/// <summary>A synthetic churn dataset: who leaves depends on tenure, spend and plan, plus noise.</summary>
internal static class TrainingData
{
    public static Schema Schema { get; } = new(
        new Field("customer_id", DataType.Int64, IsNullable: false),
        new Field("tenure_months", DataType.Float64),
        new Field("monthly_spend", DataType.Float64),
        new Field("plan", DataType.String),
        new Field("signed_up", DataType.Timestamp),
        new Field("churned", DataType.Boolean, IsNullable: false));

    public static RecordBatch Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var plans = new[] { "basic", "plus", "pro, annual" };
        var builder = new RecordBatchBuilder(Schema, rows);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < rows; i++)
        {
            var tenure = Math.Round(random.NextDouble() * 60, 1);
            var spend = Math.Round(10 + (random.NextDouble() * 90), 2);
            var plan = plans[random.Next(plans.Length)];
            var logit = 1.5 - (0.08 * tenure) + (0.02 * spend) - (plan == "pro, annual" ? 1.0 : 0.0);
            var churned = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            builder.AppendRow(
                (long)(100_000 + i),
                i % 97 == 0 ? null : tenure,   // a few missing values, as real data has
                spend,
                i % 113 == 0 ? null : plan,
                start.AddMinutes(random.Next(0, 60 * 24 * 365)),
                churned);
        }

        return builder.Build();
    }
}
