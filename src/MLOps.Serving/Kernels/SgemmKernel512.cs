using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MLOps.Serving.Kernels;

using static MLOps.Serving.Kernels.RowCounts;

/// <summary>
/// The AVX-512 SGEMM micro-kernel: up to 8 rows × 32 columns of C in 16 <see cref="Vector512{T}"/>
/// accumulators, one broadcast of A and two loads of B per row and depth step. The row count is a
/// generic constant so each variant compiles to straight-line code.
/// </summary>
internal static unsafe class SgemmKernel512
{
    public static void Run(int rows, int kc, float* ap, float* bp, float* c, int ldc, in Epilogue epilogue)
    {
        switch (rows)
        {
            case 1: RunOne(kc, ap, bp, c, epilogue); break;
            case 2: Run<Rows2>(kc, ap, bp, c, ldc, epilogue); break;
            case 3: Run<Rows3>(kc, ap, bp, c, ldc, epilogue); break;
            case 4: Run<Rows4>(kc, ap, bp, c, ldc, epilogue); break;
            case 5: Run<Rows5>(kc, ap, bp, c, ldc, epilogue); break;
            case 6: Run<Rows6>(kc, ap, bp, c, ldc, epilogue); break;
            case 7: Run<Rows7>(kc, ap, bp, c, ldc, epilogue); break;
            default: Run<Rows8>(kc, ap, bp, c, ldc, epilogue); break;
        }
    }

    private static void Run<TRows>(int kc, float* ap, float* bp, float* c, int ldc, in Epilogue epilogue)
        where TRows : struct, IRowCount
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        for (var k = 0; k < kc; k++)
        {
            var b0 = Vector512.Load(bp);
            var b1 = Vector512.Load(bp + 16);
            {
                    var a0 = Vector512.Create(ap[0]);
                    c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
                    c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
                }
            if (TRows.Count > 1)
                {
                    var a1 = Vector512.Create(ap[1]);
                    c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
                    c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
                }
            if (TRows.Count > 2)
                {
                    var a2 = Vector512.Create(ap[2]);
                    c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
                    c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
                }
            if (TRows.Count > 3)
                {
                    var a3 = Vector512.Create(ap[3]);
                    c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
                    c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
                }
            if (TRows.Count > 4)
                {
                    var a4 = Vector512.Create(ap[4]);
                    c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
                    c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
                }
            if (TRows.Count > 5)
                {
                    var a5 = Vector512.Create(ap[5]);
                    c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
                    c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
                }
            if (TRows.Count > 6)
                {
                    var a6 = Vector512.Create(ap[6]);
                    c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
                    c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
                }
            if (TRows.Count > 7)
                {
                    var a7 = Vector512.Create(ap[7]);
                    c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
                    c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
                }
            ap += TRows.Count;
            bp += Sgemm.PanelWidth;
        }

        {
            Store(c00, c01, c + (0 * (long)ldc), 0, epilogue);
        }
        if (TRows.Count > 1)
        {
            Store(c10, c11, c + (1 * (long)ldc), 1, epilogue);
        }
        if (TRows.Count > 2)
        {
            Store(c20, c21, c + (2 * (long)ldc), 2, epilogue);
        }
        if (TRows.Count > 3)
        {
            Store(c30, c31, c + (3 * (long)ldc), 3, epilogue);
        }
        if (TRows.Count > 4)
        {
            Store(c40, c41, c + (4 * (long)ldc), 4, epilogue);
        }
        if (TRows.Count > 5)
        {
            Store(c50, c51, c + (5 * (long)ldc), 5, epilogue);
        }
        if (TRows.Count > 6)
        {
            Store(c60, c61, c + (6 * (long)ldc), 6, epilogue);
        }
        if (TRows.Count > 7)
        {
            Store(c70, c71, c + (7 * (long)ldc), 7, epilogue);
        }
    }

    /// <summary>One row (a GEMV): the depth loop is unrolled four times so four accumulator pairs hide the FMA latency.</summary>
    private static void RunOne(int kc, float* ap, float* bp, float* c, in Epilogue epilogue)
    {
        Vector512<float> s0 = default, s1 = default, t0 = default, t1 = default;
        Vector512<float> u0 = default, u1 = default, v0 = default, v1 = default;
        var k = 0;
        for (; k + 4 <= kc; k += 4)
        {
            var a0 = Vector512.Create(ap[0]);
            var a1 = Vector512.Create(ap[1]);
            var a2 = Vector512.Create(ap[2]);
            var a3 = Vector512.Create(ap[3]);
            s0 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(bp), s0);
            s1 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(bp + 16), s1);
            t0 = Vector512.FusedMultiplyAdd(a1, Vector512.Load(bp + 32), t0);
            t1 = Vector512.FusedMultiplyAdd(a1, Vector512.Load(bp + 48), t1);
            u0 = Vector512.FusedMultiplyAdd(a2, Vector512.Load(bp + 64), u0);
            u1 = Vector512.FusedMultiplyAdd(a2, Vector512.Load(bp + 80), u1);
            v0 = Vector512.FusedMultiplyAdd(a3, Vector512.Load(bp + 96), v0);
            v1 = Vector512.FusedMultiplyAdd(a3, Vector512.Load(bp + 112), v1);
            ap += 4;
            bp += 4 * Sgemm.PanelWidth;
        }

        for (; k < kc; k++)
        {
            var a = Vector512.Create(ap[0]);
            s0 = Vector512.FusedMultiplyAdd(a, Vector512.Load(bp), s0);
            s1 = Vector512.FusedMultiplyAdd(a, Vector512.Load(bp + 16), s1);
            ap++;
            bp += Sgemm.PanelWidth;
        }

        Store((s0 + t0) + (u0 + v0), (s1 + t1) + (u1 + v1), c, 0, epilogue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> low, Vector512<float> high, float* c, int row, in Epilogue epilogue)
    {
        if (epilogue.Alpha != 1f)
        {
            var alpha = Vector512.Create(epilogue.Alpha);
            low *= alpha;
            high *= alpha;
        }

        if (epilogue.Accumulate)
        {
            low += Vector512.Load(c);
            high += Vector512.Load(c + 16);
        }

        if (epilogue.ColumnBias != null)
        {
            low += Vector512.Load(epilogue.ColumnBias);
            high += Vector512.Load(epilogue.ColumnBias + 16);
        }

        if (epilogue.RowBias != null)
        {
            var bias = Vector512.Create(epilogue.RowBias[row]);
            low += bias;
            high += bias;
        }

        if (epilogue.Activation == GemmActivation.Relu)
        {
            low = Vector512.Max(low, Vector512<float>.Zero);
            high = Vector512.Max(high, Vector512<float>.Zero);
        }

        low.Store(c);
        high.Store(c + 16);
    }
}
