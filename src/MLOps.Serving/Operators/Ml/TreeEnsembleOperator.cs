using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MLOps.Serving.Execution;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels.Trees;

namespace MLOps.Serving.Operators.Ml;

/// <summary>
/// ai.onnx.ml TreeEnsembleRegressor and TreeEnsembleClassifier (as exported by scikit-learn,
/// XGBoost and LightGBM): trees laid out flat, traversed a batch at a time, on the SIMD layout
/// (<see cref="VectorTreeEnsemble"/>) when the ensemble fits it. Scores are aggregated (SUM,
/// AVERAGE, MIN, MAX), offset by base_values and post-transformed; the classifier also returns the
/// winning label, with the usual binary conventions for a single score column. Batches of at least
/// <see cref="RankedMinimumRows"/> rows take the rank-based traversal (<see cref="RankedTreeEnsemble"/>)
/// when the ensemble and CPU fit it, smaller batches the vectorized walk, and what fits neither the
/// portable one.
/// </summary>
internal sealed unsafe class TreeEnsembleOperator : Operator
{
    /// <summary>Below this many rows a call walks the trees row by row: ranking a block costs more than it saves.</summary>
    public const int RankedMinimumRows = 16;

    private readonly bool _classifier;
    private readonly TreeEnsemble _ensemble;
    private readonly VectorTreeEnsemble? _vector;
    private readonly RankedTreeEnsemble? _ranked;
    private readonly CompactTreeWalk? _compact;
    private readonly TreeAggregate _aggregate;
    private readonly PostTransform _postTransform;
    private readonly float[] _baseValues;
    private readonly ClassLabels? _labels;
    private readonly bool _binarySingleScore;
    private readonly bool _weightsAllPositive;

    public TreeEnsembleOperator(Node node)
        : base(node)
    {
        var attributes = node.Attributes;
        var owner = node.Description;
        _classifier = node.OpType is "TreeEnsembleClassifier";
        _postTransform = ScoreTransforms.Parse(attributes.GetString("post_transform", "NONE"), owner);
        _baseValues = attributes.GetFloatsOrTensor("base_values")?.Select(static v => (float)v).ToArray() ?? [];
        int targets;
        if (_classifier)
        {
            _labels = ClassLabels.Read(attributes, owner);
            targets = _labels.Count;
            _aggregate = TreeAggregate.Sum;
        }
        else
        {
            targets = (int)attributes.GetInt("n_targets", 1);
            _aggregate = attributes.GetString("aggregate_function", "SUM") switch
            {
                "SUM" => TreeAggregate.Sum,
                "AVERAGE" => TreeAggregate.Average,
                "MIN" => TreeAggregate.Min,
                "MAX" => TreeAggregate.Max,
                var other => throw attributes.Invalid("aggregate_function", $"is '{other}'; expected SUM, AVERAGE, MIN or MAX"),
            };
        }

        if (targets < 1)
        {
            throw Error("the ensemble has no targets (n_targets or class labels).");
        }

        _ensemble = TreeEnsembleBuilder.Build(attributes, _classifier ? "class" : "target", targets, owner);
        if (_baseValues.Length != 0 && _baseValues.Length != targets && !(_classifier && targets == 2 && _baseValues.Length == 1))
        {
            throw attributes.Invalid("base_values", $"has {_baseValues.Length} values but the ensemble has {targets} targets");
        }

        if (_classifier && targets == 2)
        {
            _binarySingleScore = !_ensemble.WeightTarget.Contains(1);
            _weightsAllPositive = _ensemble.WeightValue.All(static w => w >= 0);
        }

        if (_aggregate is TreeAggregate.Sum or TreeAggregate.Average)
        {
            _vector = VectorTreeEnsemble.TryCreate(_ensemble);
            _ranked = RankedTreeEnsemble.TryCreate(_ensemble);
        }

        _compact = CompactTreeWalk.TryCreate(_ensemble);
        Traversal = _ranked is not null ? TreeTraversal.Ranked : _vector is not null ? TreeTraversal.Vector : _compact is not null ? TreeTraversal.Compact : TreeTraversal.Scalar;
    }

    /// <summary>The traversals a tree ensemble can take, fastest first.</summary>
    public enum TreeTraversal
    {
        /// <summary>Rank-based, 32 rows per register (<see cref="RankedTreeEnsemble"/>).</summary>
        Ranked,

        /// <summary>Eight trees per register, one row at a time (<see cref="VectorTreeEnsemble"/>).</summary>
        Vector,

        /// <summary>Branch-free walk of 16-byte node records, eight rows at a time (<see cref="CompactTreeWalk"/>).</summary>
        Compact,

        /// <summary>The portable walk.</summary>
        Scalar,
    }

    /// <summary>Whether the SIMD layout is in use (for tests and benchmarks).</summary>
    public bool Vectorized => _vector is not null;

    /// <summary>Whether the rank-based traversal is available.</summary>
    public bool Ranked => _ranked is not null;

    /// <summary>The fastest traversal this call may take; tests lower it to compare the traversals.</summary>
    public TreeTraversal Traversal { get; set; }

    private int Targets => _ensemble.TargetCount;

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, DataType.Float, DataType.Double, DataType.Int64, DataType.Int32);
        var x = context.InputShape(0);
        var (rows, features) = x.Length switch
        {
            1 => (1, x[0]),
            2 => (x[0], x[1]),
            _ => throw context.Error($"X '{context.InputName(0)}' {ShapeMath.Format(x)} must be [N, features]."),
        };
        if (_ensemble.MaxFeature >= features)
        {
            throw context.Error($"the trees read feature {_ensemble.MaxFeature} but X '{context.InputName(0)}' {ShapeMath.Format(x)} has {features} features.");
        }

        var scoreColumns = _classifier && _binarySingleScore ? 2 : Targets;
        if (_classifier)
        {
            context.SetOutput(0, _labels!.Type, [rows]);
            context.SetOutput(1, DataType.Float, [rows, scoreColumns]);
        }
        else
        {
            context.SetOutput(0, DataType.Float, [rows, Targets]);
        }

        // Scratch: the input as float rows, the raw scores, a row of doubles and the ranked traversal's buffers.
        var ranked = _ranked?.ScratchBytes(Targets, RowStripes.Count(rows, RankedTreeEnsemble.PassRows, Environment.ProcessorCount)) ?? 0;
        context.RequestScratch(((long)rows * features * sizeof(float)) + ((long)rows * Targets * sizeof(float)) + ((long)features * sizeof(double)) + 256 + ranked);
        context.State = (rows, features);
    }

    public override void Execute(KernelContext context)
    {
        var (rows, features) = ((int, int))context.State!;
        var input = (float*)context.Scratch;
        var scores = input + ((long)rows * features);
        var rowBuffer = (double*)(scores + ((long)rows * Targets) + 8);
        var rankedScratch = (byte*)(rowBuffer + features + 8);
        ConvertInput(context, input, rows * features);
        var raw = new Span<float>(scores, rows * Targets);
        raw.Fill(_aggregate switch { TreeAggregate.Min => float.PositiveInfinity, TreeAggregate.Max => float.NegativeInfinity, _ => 0f });
        var isFloat = context.InputType(0) == DataType.Float;
        if (_ranked is not null && Traversal == TreeTraversal.Ranked && isFloat && rows >= RankedMinimumRows)
        {
            var stripes = RowStripes.Count(rows, RankedTreeEnsemble.PassRows, context.Parallel.ThreadCount);
            _ranked.Accumulate(input, rows, features, scores, Targets, rankedScratch, stripes, context.Parallel);
        }
        else
        {
            Walk(input, rows, features, scores, rowBuffer, isFloat, context.Parallel);
        }

        for (var r = 0; r < rows; r++)
        {
            var row = raw.Slice(r * Targets, Targets);
            if (_aggregate == TreeAggregate.Average)
            {
                for (var t = 0; t < row.Length; t++)
                {
                    row[t] /= _ensemble.TreeCount;
                }
            }

            if (_classifier)
            {
                Classify(context, r, row);
            }
            else
            {
                for (var t = 0; t < row.Length; t++)
                {
                    row[t] += _baseValues.Length > 0 ? _baseValues[t] : 0;
                }

                ScoreTransforms.Apply(_postTransform, row);
                row.CopyTo(context.Output<float>(0).Slice(r * Targets, Targets));
            }
        }
    }

    /// <summary>Scores rows on the vectorized walk when it applies, else on the compact walk, else on the portable one.</summary>
    private void Walk(float* input, int rows, int features, float* scores, double* rowBuffer, bool isFloat, ParallelRunner parallel)
    {
        if (_vector is not null && Traversal <= TreeTraversal.Vector && isFloat)
        {
            _vector.Accumulate(input, rows, features, scores, Targets);
        }
        else if (_compact is not null && Traversal <= TreeTraversal.Compact)
        {
            _compact.Accumulate(input, rows, features, scores, Targets, _aggregate, parallel);
        }
        else
        {
            AccumulateScalar(input, rows, features, scores, new Span<double>(rowBuffer, features));
        }
    }

    private void ConvertInput(KernelContext context, float* destination, int count)
    {
        switch (context.InputType(0))
        {
            case DataType.Float:
                context.Input<float>(0).CopyTo(new Span<float>(destination, count));
                break;
            case DataType.Double:
                for (var i = 0; i < count; i++)
                {
                    destination[i] = (float)context.Input<double>(0)[i];
                }

                break;
            case DataType.Int64:
                for (var i = 0; i < count; i++)
                {
                    destination[i] = context.Input<long>(0)[i];
                }

                break;
            default:
                for (var i = 0; i < count; i++)
                {
                    destination[i] = context.Input<int>(0)[i];
                }

                break;
        }
    }

    private void AccumulateScalar(float* input, int rows, int features, float* scores, Span<double> row)
    {
        var e = _ensemble;
        for (var r = 0; r < rows; r++)
        {
            for (var f = 0; f < features; f++)
            {
                row[f] = input[((long)r * features) + f];
            }

            var score = scores + ((long)r * Targets);
            for (var tree = 0; tree < e.TreeCount; tree++)
            {
                e.AddLeaf(e.Leaf(tree, row), score, _aggregate);
            }
        }
    }

    private void Classify(KernelContext context, int r, Span<float> row)
    {
        var output = context.Output<float>(1);
        int winner;
        if (_binarySingleScore)
        {
            // One score column for two classes: the score (plus the base value) is for the second class.
            var s = row[0] + (_baseValues.Length > 0 ? _baseValues[^1] : 0);
            var pair = output.Slice(r * 2, 2);
            if (_postTransform == PostTransform.Logistic)
            {
                var p = ScoreTransforms.Logistic(s);
                pair[0] = 1 - p;
                pair[1] = p;
                winner = s > 0 ? 1 : 0;
            }
            else if (_weightsAllPositive && _postTransform == PostTransform.None)
            {
                pair[0] = 1 - s;
                pair[1] = s;
                winner = s > 0.5f ? 1 : 0;
            }
            else
            {
                pair[0] = -s;
                pair[1] = s;
                winner = s > 0 ? 1 : 0;
                ScoreTransforms.Apply(_postTransform, pair);
            }
        }
        else
        {
            for (var t = 0; t < row.Length; t++)
            {
                row[t] += _baseValues.Length > 0 ? _baseValues[t] : 0;
            }

            winner = 0;
            for (var t = 1; t < row.Length; t++)
            {
                if (row[t] > row[winner])
                {
                    winner = t;
                }
            }

            ScoreTransforms.Apply(_postTransform, row);
            row.CopyTo(output.Slice(r * row.Length, row.Length));
        }

        _labels!.Write(context, 0, r, winner);
    }

}
