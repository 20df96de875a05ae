using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using MLOps.Data;

namespace MLOps.Samples.Quickstart;

/// <summary>
/// Logistic regression for the churn data, trained by full-batch gradient descent with MathNet.Numerics:
/// features are tenure (missing values filled with the mean), monthly spend and the "pro, annual" plan,
/// standardized; the label is churned.
/// </summary>
internal sealed class ChurnModel
{
    private ChurnModel(double[] weights, double[] means, double[] scales)
    {
        Weights = weights;
        Means = means;
        Scales = scales;
    }

    public double[] Weights { get; }

    public double[] Means { get; }

    public double[] Scales { get; }

    /// <summary>Trains for a number of epochs, reporting the log loss and accuracy after each.</summary>
    public static ChurnModel Train(RecordBatch batch, int epochs, double learningRate, Action<int, double, double> onEpoch)
    {
        var (x, y, means, scales) = Features(batch);
        var weights = Vector<double>.Build.Dense(x.ColumnCount);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var p = (x * weights).Map(z => 1 / (1 + Math.Exp(-z)));
            weights -= learningRate / x.RowCount * (x.TransposeThisAndMultiply(p - y));
            var loss = -p.MapIndexed((i, pi) => (y[i] * Math.Log(pi + 1e-12)) + ((1 - y[i]) * Math.Log(1 - pi + 1e-12))).Average();
            var accuracy = p.MapIndexed((i, pi) => (pi >= 0.5 ? 1.0 : 0.0) == y[i] ? 1.0 : 0.0).Average();
            onEpoch(epoch, loss, accuracy);
        }

        return new ChurnModel(weights.ToArray(), means, scales);
    }

    /// <summary>The model file: the weights and the standardization, as JSON.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(new { features = new[] { "bias", "tenure_months", "monthly_spend", "plan_pro_annual" }, weights = Weights, means = Means, scales = Scales });

    private static (Matrix<double> X, Vector<double> Y, double[] Means, double[] Scales) Features(RecordBatch batch)
    {
        var tenure = batch.Column<Float64Column>("tenure_months");
        var spend = batch.Column<Float64Column>("monthly_spend");
        var plan = batch.Column<StringColumn>("plan");
        var churned = batch.Column<BooleanColumn>("churned");
        var meanTenure = Enumerable.Range(0, batch.RowCount).Where(i => !tenure.IsNull(i)).Average(i => tenure[i]);
        var raw = Matrix<double>.Build.Dense(batch.RowCount, 3, (i, j) => j switch
        {
            0 => tenure.IsNull(i) ? meanTenure : tenure[i],
            1 => spend[i],
            _ => plan[i] == "pro, annual" ? 1 : 0,
        });
        var means = raw.ColumnSums().Divide(raw.RowCount).ToArray();
        var scales = Enumerable.Range(0, 3).Select(j => Math.Sqrt(raw.Column(j).Subtract(means[j]).PointwisePower(2).Average())).ToArray();
        var x = Matrix<double>.Build.Dense(batch.RowCount, 4, (i, j) => j == 0 ? 1 : (raw[i, j - 1] - means[j - 1]) / scales[j - 1]);
        var y = Vector<double>.Build.Dense(batch.RowCount, i => churned[i] ? 1 : 0);
        return (x, y, means, scales);
    }
}
