using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>
/// Gemm: <c>Y = alpha · op(A) · op(B) + beta · C</c>. Float runs on the packed SGEMM (B packed at
/// load time when it is an initializer, C folded into the epilogue as a column or row bias where it
/// can be); double and integers on a reference loop. The optimizer may fuse a following bias Add and
/// activation into it.
/// </summary>
internal sealed unsafe class GemmOperator : Operator
{
    private readonly float _alpha;
    private readonly float _beta;
    private readonly bool _transA;
    private readonly bool _transB;
    private PackedMatrix? _packed;
    private float[]? _columnBias;

    public GemmOperator(Node node)
        : base(node)
    {
        _alpha = node.Attributes.GetFloat("alpha", 1f);
        _beta = node.Attributes.GetFloat("beta", 1f);
        _transA = node.Attributes.GetInt("transA", 0) != 0;
        _transB = node.Attributes.GetInt("transB", 0) != 0;
    }

    /// <summary>An activation fused by the optimizer.</summary>
    public FusedActivation? Activation { get; set; }

    /// <summary>A constant per-column bias fused by the optimizer (a following Add, merged with any constant C); replaces C.</summary>
    public float[]? FusedBias { get; set; }

    public float Beta => _beta;

    /// <summary>Whether C (input 2) is a constant vector over the columns, so a following bias Add can be merged into it.</summary>
    public bool HasColumnBiasOnly(out int n) => DenseShapes.IsColumnVector(Node, 2, out n);

    public override void Prepare()
    {
        if (Node.Input(1)?.Constant is { Type: DataType.Float, Shape.Length: 2 } b)
        {
            var k = _transB ? b.Shape[1] : b.Shape[0];
            var n = _transB ? b.Shape[0] : b.Shape[1];
            _packed = new PackedMatrix((float*)b.Pointer, b.Shape[1], _transB, k, n);
        }

        if (FusedBias is not null)
        {
            _columnBias = GC.AllocateArray<float>(FusedBias.Length, pinned: true);
            FusedBias.CopyTo(_columnBias, 0);
        }
        else if (Node.Inputs.Length > 2 && Node.Input(2)?.Constant is { Type: DataType.Float } c && DenseShapes.IsColumnVector(Node, 2, out _))
        {
            _columnBias = GC.AllocateArray<float>(c.Length, pinned: true);
            c.Span<float>().CopyTo(_columnBias);
            System.Numerics.Tensors.TensorPrimitives.Multiply(_columnBias, _beta, _columnBias);
        }
    }

    public override void Infer(InferContext context)
    {
        context.ExpectRank(0, 2);
        context.ExpectRank(1, 2);
        context.ExpectSameType(0, 1);
        var a = context.InputShape(0);
        var b = context.InputShape(1);
        var (m, k) = _transA ? (a[1], a[0]) : (a[0], a[1]);
        var (k2, n) = _transB ? (b[1], b[0]) : (b[0], b[1]);
        if (k != k2)
        {
            throw context.Error($"A '{context.InputName(0)}' {ShapeMath.Format(a)}{(_transA ? " (transposed)" : string.Empty)} and B '{context.InputName(1)}' {ShapeMath.Format(b)}{(_transB ? " (transposed)" : string.Empty)} disagree on the inner dimension ({k} vs {k2}).");
        }

        var output = new[] { m, n };
        var mode = CMode.None;
        StridedCopy? fill = null;
        if (FusedBias is not null)
        {
            if (FusedBias.Length != n)
            {
                throw context.Error($"the fused bias has {FusedBias.Length} elements but the output has {n} columns.");
            }

            mode = CMode.ConstantColumns;
        }
        else if (context.HasInput(2) && _beta != 0)
        {
            context.ExpectSameType(0, 2);
            var c = context.InputShape(2);
            var broadcast = ShapeMath.Broadcast(output, c);
            if (broadcast is null || !broadcast.AsSpan().SequenceEqual(output))
            {
                throw context.Error($"C '{context.InputName(2)}' {ShapeMath.Format(c)} cannot be broadcast to the output [{m}, {n}].");
            }

            var count = ShapeMath.ElementCount(c);
            mode = _columnBias is not null ? CMode.ConstantColumns
                : _beta == 1 && n > 1 && count == n && c.Length >= 1 && c[^1] == n ? CMode.Columns
                : _beta == 1 && m > 1 && count == m && c.Length == 2 && c[0] == m ? CMode.Rows
                : CMode.Full;
            fill = mode == CMode.Full ? StridedCopy.ForBroadcast(c, output) : null;
        }

        var type = context.InputType(0);
        if (type != DataType.Float && !TypeDispatch.IsNumeric(type))
        {
            throw context.Error($"Gemm does not support {DataTypes.Name(type)}.");
        }

        if (type == DataType.Float && _packed is null)
        {
            context.RequestScratch(Sgemm.PackedSize(k, n) * sizeof(float));
        }

        context.SetOutput(0, type, output);
        context.State = new GemmPlan(m, n, k, mode, fill);
    }

    public override void Execute(KernelContext context)
    {
        var plan = (GemmPlan)context.State!;
        if (context.InputType(0) != DataType.Float)
        {
            if (!TypeDispatch.TryNumeric(context.InputType(0), new NaiveAction(this, context, plan), out bool _))
            {
                throw Error("unsupported element type.");
            }

            return;
        }

        var packed = _packed?.Pointer;
        if (packed == null)
        {
            packed = (float*)context.Scratch;
            Sgemm.PackB(context.InputPointer<float>(1), context.InputShape(1)[1], _transB, plan.K, plan.N, packed, context.Parallel);
        }

        var args = new GemmArguments
        {
            M = plan.M,
            N = plan.N,
            K = plan.K,
            A = context.InputPointer<float>(0),
            Lda = context.InputShape(0)[1],
            TransA = _transA,
            PackedB = packed,
            C = context.OutputPointer<float>(0),
            Ldc = plan.N,
            Alpha = _alpha,
            Activation = Activation?.Epilogue ?? GemmActivation.None,
        };
        switch (plan.Mode)
        {
            case CMode.ConstantColumns:
                args.ColumnBias = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_columnBias!));
                break;
            case CMode.Columns:
                args.ColumnBias = context.InputPointer<float>(2);
                break;
            case CMode.Rows:
                args.RowBias = context.InputPointer<float>(2);
                break;
            case CMode.Full:
                plan.Fill!.Run(context.InputView(2), context.OutputView(0));
                if (_beta != 1)
                {
                    var y = context.Output<float>(0);
                    System.Numerics.Tensors.TensorPrimitives.Multiply(y, _beta, y);
                }

                args.Accumulate = true;
                break;
            default:
                break;
        }

        Sgemm.Multiply(ref args, context.Parallel);
        Activation?.ApplyAfter(context.Output<float>(0));
    }

    private enum CMode
    {
        None,
        ConstantColumns,
        Columns,
        Rows,
        Full,
    }

    private sealed record GemmPlan(int M, int N, int K, CMode Mode, StridedCopy? Fill);

    private readonly struct NaiveAction(GemmOperator owner, KernelContext context, GemmPlan plan) : INumericAction<bool>
    {
        public bool Invoke<T>()
            where T : unmanaged, INumber<T>
        {
            var output = context.OutputPointer<T>(0);
            if (plan.Mode != CMode.None)
            {
                var fill = plan.Fill ?? StridedCopy.ForBroadcast(context.InputShape(2), [plan.M, plan.N]);
                fill.Run(context.InputView(2), context.OutputView(0));
                var beta = T.CreateTruncating(owner._beta);
                for (var i = 0; i < plan.M * plan.N; i++)
                {
                    output[i] *= beta;
                }
            }

            NaiveMatMul.Multiply(plan.M, plan.N, plan.K, context.InputPointer<T>(0), owner._transA, context.InputPointer<T>(1), owner._transB, output, T.CreateTruncating(owner._alpha), plan.Mode != CMode.None);
            return true;
        }
    }
}
