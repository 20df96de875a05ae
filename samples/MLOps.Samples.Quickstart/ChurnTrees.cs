using MLOps.Data;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Samples.Quickstart;

/// <summary>
/// A challenger to the logistic model: gradient-boosted trees (log loss, Newton steps) over the same
/// raw features, tenure, monthly spend and the "pro, annual" plan. A missing tenure stays missing:
/// each split learns which way missing values go, as XGBoost does. Exported as an ONNX
/// TreeEnsembleRegressor with a logistic post transform, which the CPU engine runs with its
/// rank-based traversal (32 rows per AVX-512 register).
/// </summary>
internal sealed class ChurnTrees
{
    private const int Features = 3;
    private const int Candidates = 32;

    private readonly List<Tree> _trees = [];

    private ChurnTrees(double baseScore) => BaseScore = baseScore;

    public double BaseScore { get; }

    public int TreeCount => _trees.Count;

    /// <summary>Boosts <paramref name="rounds"/> trees of depth <paramref name="depth"/> on the batch's rows.</summary>
    public static ChurnTrees Train(RecordBatch batch, int rounds, int depth, double learningRate)
    {
        var (x, y) = Rows(batch);
        var prior = Math.Clamp(y.Average(), 1e-6, 1 - 1e-6);
        var model = new ChurnTrees(Math.Log(prior / (1 - prior)));
        var score = Enumerable.Repeat(model.BaseScore, y.Length).ToArray();
        var gradient = new double[y.Length];
        var hessian = new double[y.Length];
        var thresholds = Enumerable.Range(0, Features).Select(f => CandidateThresholds(x, f)).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < y.Length; i++)
            {
                var p = 1 / (1 + Math.Exp(-score[i]));
                gradient[i] = p - y[i];
                hessian[i] = Math.Max(p * (1 - p), 1e-6);
            }

            var tree = new Tree();
            tree.Grow(x, gradient, hessian, [.. Enumerable.Range(0, y.Length)], depth, thresholds, learningRate);
            model._trees.Add(tree);
            for (var i = 0; i < y.Length; i++)
            {
                score[i] += tree.Predict(x, i);
            }
        }

        return model;
    }

    /// <summary>The training rows as [rows, 3] floats (NaN for a missing tenure) and churn labels.</summary>
    public static (float[] X, double[] Y) Rows(RecordBatch batch)
    {
        var tenure = batch.Column<Float64Column>("tenure_months");
        var spend = batch.Column<Float64Column>("monthly_spend");
        var plan = batch.Column<StringColumn>("plan");
        var churned = batch.Column<BooleanColumn>("churned");
        var x = new float[batch.RowCount * Features];
        var y = new double[batch.RowCount];
        for (var i = 0; i < batch.RowCount; i++)
        {
            x[i * Features] = tenure.IsNull(i) ? float.NaN : (float)tenure[i];
            x[(i * Features) + 1] = spend.IsNull(i) ? float.NaN : (float)spend[i];
            x[(i * Features) + 2] = plan[i] == "pro, annual" ? 1 : 0;
            y[i] = churned[i] ? 1 : 0;
        }

        return (x, y);
    }

    /// <summary>Exports the ensemble: features [N, 3] in, churn probability [N, 1] out.</summary>
    public byte[] ToOnnx()
    {
        var ensemble = new OnnxTreeEnsemble();
        for (var t = 0; t < _trees.Count; t++)
        {
            _trees[t].Export(t, ensemble);
        }

        return new OnnxModelBuilder("churn_trees")
            .AddInput("features", TensorElementType.Float32, "N", Features)
            .AddNode("TreeEnsembleRegressor", ["features"], ["churn_probability"], a => ensemble.ApplyTo(a)
                .Set("n_targets", 1L).Set("base_values", new[] { (float)BaseScore }).Set("post_transform", "LOGISTIC"), domain: "ai.onnx.ml")
            .AddOutput("churn_probability", TensorElementType.Float32, "N", 1)
            .ToBytes();
    }

    private static float[] CandidateThresholds(float[] x, int feature)
    {
        var values = Enumerable.Range(0, x.Length / Features).Select(i => x[(i * Features) + feature]).Where(v => !float.IsNaN(v)).Order().ToArray();
        return [.. Enumerable.Range(1, Candidates - 1).Select(q => values[q * (values.Length - 1) / Candidates]).Distinct()];
    }

    /// <summary>One regression tree on gradients: a split is <c>x ≤ threshold</c>, missing values going the side that gains more.</summary>
    private sealed class Tree
    {
        private readonly List<(int Feature, float Threshold, bool MissingLeft, int Left, int Right, double Value)> _nodes = [];

        public void Grow(float[] x, double[] g, double[] h, int[] rows, int depth, float[][] thresholds, double learningRate) =>
            Split(x, g, h, rows, depth, thresholds, learningRate);

        public double Predict(float[] x, int row)
        {
            var n = 0;
            while (_nodes[n].Left >= 0)
            {
                var v = x[(row * Features) + _nodes[n].Feature];
                n = (float.IsNaN(v) ? _nodes[n].MissingLeft : v <= _nodes[n].Threshold) ? _nodes[n].Left : _nodes[n].Right;
            }

            return _nodes[n].Value;
        }

        public void Export(int tree, OnnxTreeEnsemble ensemble)
        {
            for (var n = 0; n < _nodes.Count; n++)
            {
                var node = _nodes[n];
                if (node.Left < 0)
                {
                    ensemble.AddLeaf(tree, n, (float)node.Value);
                }
                else
                {
                    ensemble.AddBranch(tree, n, node.Feature, node.Threshold, node.Left, node.Right, node.MissingLeft);
                }
            }
        }

        private int Split(float[] x, double[] g, double[] h, int[] rows, int depth, float[][] thresholds, double learningRate)
        {
            double sumG = rows.Sum(r => g[r]), sumH = rows.Sum(r => h[r]);
            var index = _nodes.Count;
            _nodes.Add((0, 0, false, -1, -1, -learningRate * sumG / (sumH + 1)));
            if (depth == 0 || rows.Length < 20)
            {
                return index;
            }

            var best = (Gain: 0.0, Feature: -1, Threshold: 0f, MissingLeft: false);
            for (var f = 0; f < Features; f++)
            {
                double gm = 0, hm = 0;
                foreach (var r in rows.Where(r => float.IsNaN(x[(r * Features) + f])))
                {
                    gm += g[r];
                    hm += h[r];
                }

                foreach (var t in thresholds[f])
                {
                    double gl = 0, hl = 0;
                    foreach (var r in rows)
                    {
                        var v = x[(r * Features) + f];
                        if (v <= t)
                        {
                            gl += g[r];
                            hl += h[r];
                        }
                    }

                    foreach (var missingLeft in new[] { false, true })
                    {
                        double gLeft = gl + (missingLeft ? gm : 0), hLeft = hl + (missingLeft ? hm : 0);
                        double gRight = sumG - gLeft, hRight = sumH - hLeft;
                        var gain = (gLeft * gLeft / (hLeft + 1)) + (gRight * gRight / (hRight + 1)) - (sumG * sumG / (sumH + 1));
                        if (gain > best.Gain && hLeft > 1 && hRight > 1)
                        {
                            best = (gain, f, t, missingLeft);
                        }
                    }
                }
            }

            if (best.Feature < 0)
            {
                return index;
            }

            bool GoesLeft(int r)
            {
                var v = x[(r * Features) + best.Feature];
                return float.IsNaN(v) ? best.MissingLeft : v <= best.Threshold;
            }

            var left = Split(x, g, h, [.. rows.Where(GoesLeft)], depth - 1, thresholds, learningRate);
            var right = Split(x, g, h, [.. rows.Where(r => !GoesLeft(r))], depth - 1, thresholds, learningRate);
            _nodes[index] = (best.Feature, best.Threshold, best.MissingLeft, left, right, 0);
            return index;
        }
    }
}
