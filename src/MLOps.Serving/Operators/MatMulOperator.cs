using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>
/// MatMul with numpy semantics (1-D promotion, broadcast batch dimensions). Float runs on the packed
/// SGEMM: with a constant 2-D B (a weight matrix, packed at load time) all of A's rows are one GEMM;
/// otherwise one GEMM per batch entry. The optimizer may fuse a bias Add and an activation.
/// </summary>
internal sealed unsafe class MatMulOperator : Operator
{
    private PackedMatrix? _packed;

    public MatMulOperator(Node node)
        : base(node)
    {
    }

    /// <summary>A constant bias of shape [N] added to every row, fused by the optimizer.</summary>
    public float[]? Bias { get; set; }

    /// <summary>An activation fused by the optimizer.</summary>
    public FusedActivation? Activation { get; set; }

    public override void Prepare()
    {
        if (Node.Input(1)?.Constant is { Type: DataType.Float, Shape.Length: 2 } b)
        {
            _packed = new PackedMatrix((float*)b.Pointer, b.Shape[1], transposed: false, b.Shape[0], b.Shape[1]);
        }

        if (Bias is not null)
        {
            var pinned = GC.AllocateArray<float>(Bias.Length, pinned: true);
            Bias.CopyTo(pinned, 0);
            Bias = pinned;
        }
    }

    public override void Infer(InferContext context)
    {
        context.ExpectSameType(0, 1);
        var a = context.InputShape(0);
        var b = context.InputShape(1);
        if (a.Length == 0 || b.Length == 0)
        {
            throw context.Error("MatMul inputs must have at least one dimension.");
        }

        var a2 = a.Length == 1 ? new[] { 1, a[0] } : a;
        var b2 = b.Length == 1 ? new[] { b[0], 1 } : b;
        var m = a2[^2];
        var k = a2[^1];
        var n = b2[^1];
        if (b2[^2] != k)
        {
            throw context.Error($"A '{context.InputName(0)}' {ShapeMath.Format(a)} and B '{context.InputName(1)}' {ShapeMath.Format(b)} disagree on the inner dimension ({k} vs {b2[^2]}).");
        }

        var batch = ShapeMath.Broadcast(a2[..^2], b2[..^2])
            ?? throw context.Error($"the batch dimensions of A {ShapeMath.Format(a)} and B {ShapeMath.Format(b)} cannot be broadcast together.");
        var output = new List<int>(batch);
        if (a.Length > 1)
        {
            output.Add(m);
        }

        if (b.Length > 1)
        {
            output.Add(n);
        }

        if (Bias is not null && Bias.Length != n)
        {
            throw context.Error($"the fused bias has {Bias.Length} elements but the output has {n} columns.");
        }

        var type = context.InputType(0);
        if (!TypeDispatch.IsNumeric(type))
        {
            throw context.Error($"MatMul does not support {DataTypes.Name(type)}.");
        }

        var batchCount = ShapeMath.ElementCount(batch);
        var aBatch = a2[..^2];
        var bBatch = b2[..^2];

        // With a 2-D B, A's batch dimensions fold into its rows: one GEMM.
        var single = bBatch.Length == 0;
        var aOffsets = single ? [0L] : BatchOffsets(aBatch, batch, (long)m * k);
        var bOffsets = single ? [0L] : BatchOffsets(bBatch, batch, (long)k * n);
        if (type == DataType.Float && _packed is null)
        {
            context.RequestScratch(Sgemm.PackedSize(k, n) * sizeof(float));
        }

        context.SetOutput(0, type, [.. output]);
        context.State = new MatMulPlan(single ? batchCount * m : m, n, k, single ? 1 : batchCount, aOffsets, bOffsets);
    }

    public override void Execute(KernelContext context)
    {
        var plan = (MatMulPlan)context.State!;
        if (context.InputType(0) != DataType.Float)
        {
            if (!TypeDispatch.TryNumeric(context.InputType(0), new NaiveAction(context, plan), out bool _))
            {
                throw Error("unsupported element type.");
            }

            return;
        }

        var a = context.InputPointer<float>(0);
        var b = context.InputPointer<float>(1);
        var c = context.OutputPointer<float>(0);
        float* bias = null;
        if (Bias is not null)
        {
            bias = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Bias));
        }

        for (var i = 0; i < plan.Batches; i++)
        {
            var packed = _packed?.Pointer;
            if (packed == null)
            {
                packed = (float*)context.Scratch;
                Sgemm.PackB(b + plan.BOffsets[i], plan.N, transB: false, plan.K, plan.N, packed, context.Parallel);
            }

            var args = new GemmArguments
            {
                M = plan.M,
                N = plan.N,
                K = plan.K,
                A = a + plan.AOffsets[i],
                Lda = plan.K,
                PackedB = packed,
                C = c + ((long)i * plan.M * plan.N),
                Ldc = plan.N,
                Alpha = 1,
                ColumnBias = bias,
                Activation = Activation?.Epilogue ?? GemmActivation.None,
            };
            Sgemm.Multiply(ref args, context.Parallel);
        }

        Activation?.ApplyAfter(context.Output<float>(0));
    }

    /// <summary>Element offsets of each broadcast batch entry's matrix in an operand.</summary>
    private static long[] BatchOffsets(int[] operand, int[] batch, long matrixSize)
    {
        var count = ShapeMath.ElementCount(batch);
        var offsets = new long[count];
        var shift = batch.Length - operand.Length;
        var index = new int[batch.Length];
        for (var i = 0; i < count; i++)
        {
            long offset = 0;
            long stride = matrixSize;
            for (var d = operand.Length - 1; d >= 0; d--)
            {
                if (operand[d] != 1)
                {
                    offset += index[d + shift] * stride;
                }

                stride *= operand[d];
            }

            offsets[i] = offset;
            for (var d = batch.Length - 1; d >= 0; d--)
            {
                if (++index[d] < batch[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return offsets;
    }

    private sealed record MatMulPlan(int M, int N, int K, int Batches, long[] AOffsets, long[] BOffsets);

    private readonly struct NaiveAction(KernelContext context, MatMulPlan plan) : INumericAction<bool>
    {
        public bool Invoke<T>()
            where T : unmanaged, INumber<T>
        {
            for (var i = 0; i < plan.Batches; i++)
            {
                NaiveMatMul.Multiply(
                    plan.M, plan.N, plan.K,
                    context.InputPointer<T>(0) + plan.AOffsets[i], false,
                    context.InputPointer<T>(1) + plan.BOffsets[i], false,
                    context.OutputPointer<T>(0) + ((long)i * plan.M * plan.N), T.One, false);
            }

            return true;
        }
    }
}
