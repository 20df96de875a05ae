using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using MLOps.Data;
using MLOps.Serving;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Samples.Quickstart;

/// <summary>
/// Logistic regression for the churn data, trained by full-batch gradient descent with MathNet.Numerics:
/// features are tenure (missing values filled with the mean), monthly spend and the "pro, annual" plan,
/// standardized; the label is churned.
/// </summary>
internal sealed class ChurnModel
{
    public ChurnModel(double[] weights, double[] means, double[] scales)
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

    /// <summary>
    /// Exports the model as ONNX: raw features [N, 3] (tenure, spend, plan is "pro, annual") in, churn
    /// probability [N, 1] out, with the standardization inside the graph.
    /// </summary>
    public byte[] ToOnnx() => new OnnxModelBuilder("churn")
        .SetProducer("MLOps.Samples.Quickstart", "1.0")
        .AddInput("features", TensorElementType.Float32, "N", 3)
        .AddOutput("churn_probability", TensorElementType.Float32, "N", 1)
        .AddInitializer("means", Tensor.Create(Means.Select(v => (float)v).ToArray(), 3))
        .AddInitializer("scales", Tensor.Create(Scales.Select(v => (float)v).ToArray(), 3))
        .AddInitializer("weights", Tensor.Create(Weights.Skip(1).Select(v => (float)v).ToArray(), 3, 1))
        .AddInitializer("bias", Tensor.Create([(float)Weights[0]], 1))
        .AddNode("Sub", ["features", "means"], ["centered"])
        .AddNode("Div", ["centered", "scales"], ["standardized"])
        .AddNode("MatMul", ["standardized", "weights"], ["product"])
        .AddNode("Add", ["product", "bias"], ["logit"])
        .AddNode("Sigmoid", ["logit"], ["churn_probability"])
        .ToBytes();

    /// <summary>The probability the model gives one customer, computed directly (to check the ONNX export).</summary>
    public double Predict(double tenure, double spend, bool proAnnual)
    {
        double[] raw = [tenure, spend, proAnnual ? 1 : 0];
        var z = Weights[0];
        for (var j = 0; j < 3; j++)
        {
            z += Weights[j + 1] * (raw[j] - Means[j]) / Scales[j];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Log loss and accuracy on a training set (the feature store's point-in-time join).</summary>
    public (double LogLoss, double Accuracy) Evaluate(RecordBatch batch)
    {
        var (raw, y) = Raw(batch);
        double loss = 0, correct = 0;
        for (var i = 0; i < raw.RowCount; i++)
        {
            var p = Predict(raw[i, 0], raw[i, 1], raw[i, 2] > 0.5);
            loss -= (y[i] * Math.Log(p + 1e-12)) + ((1 - y[i]) * Math.Log(1 - p + 1e-12));
            correct += (p >= 0.5 ? 1.0 : 0.0) == y[i] ? 1 : 0;
        }

        return (loss / raw.RowCount, correct / raw.RowCount);
    }

    /// <summary>
    /// The three features from the training set's feature-service columns (tenure with missing values
    /// filled by the mean, spend, the on-demand "pro, annual" flag) and the label.
    /// </summary>
    private static (Matrix<double> Raw, Vector<double> Y) Raw(RecordBatch batch)
    {
        var tenure = batch.Column<Float64Column>(ChurnFeatures.TenureColumn);
        var spend = batch.Column<Float64Column>(ChurnFeatures.SpendColumn);
        var proAnnual = batch.Column<Float64Column>(ChurnFeatures.ProAnnualColumn);
        var churned = batch.Column<BooleanColumn>("churned");
        var known = Enumerable.Range(0, batch.RowCount).Where(i => !tenure.IsNull(i)).ToList();
        var meanTenure = known.Count == 0 ? 0 : known.Average(i => tenure[i]);
        var raw = Matrix<double>.Build.Dense(batch.RowCount, 3, (i, j) => j switch
        {
            0 => tenure.IsNull(i) ? meanTenure : tenure[i],
            1 => spend.IsNull(i) ? 0 : spend[i],
            _ => proAnnual.IsNull(i) ? 0 : proAnnual[i],
        });
        return (raw, Vector<double>.Build.Dense(batch.RowCount, i => churned[i] ? 1 : 0));
    }

    private static (Matrix<double> X, Vector<double> Y, double[] Means, double[] Scales) Features(RecordBatch batch)
    {
        var (raw, y) = Raw(batch);
        var means = raw.ColumnSums().Divide(raw.RowCount).ToArray();
        var scales = Enumerable.Range(0, 3).Select(j => Math.Sqrt(raw.Column(j).Subtract(means[j]).PointwisePower(2).Average())).ToArray();
        var x = Matrix<double>.Build.Dense(batch.RowCount, 4, (i, j) => j == 0 ? 1 : (raw[i, j - 1] - means[j - 1]) / scales[j - 1]);
        return (x, y, means, scales);
    }
}
