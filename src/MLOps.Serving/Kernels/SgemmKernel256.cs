using System.Runtime.Intrinsics;

namespace MLOps.Serving.Kernels;

/// <summary>
/// The AVX2 SGEMM micro-kernel: a 32-column panel in two 16-column halves, up to 4 rows at a time,
/// 8 <see cref="Vector256{T}"/> accumulators.
/// </summary>
internal static unsafe class SgemmKernel256
{
    public static void Run(int rows, int kc, float* ap, float* bp, float* c, int ldc, in Epilogue epilogue)
    {
        for (var half = 0; half < 2; half++)
        {
            for (var first = 0; first < rows; first += 4)
            {
                var count = Math.Min(4, rows - first);
                Block(count, first, rows, kc, ap, bp + (half * 16), c + (half * 16), ldc, half * 16, epilogue);
            }
        }
    }

    private static void Block(int count, int first, int stride, int kc, float* ap, float* bp, float* c, int ldc, int columnOffset, in Epilogue epilogue)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        var a = ap + first;
        for (var k = 0; k < kc; k++)
        {
            var b0 = Vector256.Load(bp);
            var b1 = Vector256.Load(bp + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            if (count > 1)
            {
                var a1 = Vector256.Create(a[1]);
                c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
                c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            }

            if (count > 2)
            {
                var a2 = Vector256.Create(a[2]);
                c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
                c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            }

            if (count > 3)
            {
                var a3 = Vector256.Create(a[3]);
                c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
                c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            }

            a += stride;
            bp += Sgemm.PanelWidth;
        }

        Store(c00, c01, c + ((long)first * ldc), first, columnOffset, epilogue);
        if (count > 1)
        {
            Store(c10, c11, c + ((long)(first + 1) * ldc), first + 1, columnOffset, epilogue);
        }

        if (count > 2)
        {
            Store(c20, c21, c + ((long)(first + 2) * ldc), first + 2, columnOffset, epilogue);
        }

        if (count > 3)
        {
            Store(c30, c31, c + ((long)(first + 3) * ldc), first + 3, columnOffset, epilogue);
        }
    }

    private static void Store(Vector256<float> low, Vector256<float> high, float* c, int row, int columnOffset, in Epilogue epilogue)
    {
        if (epilogue.Alpha != 1f)
        {
            low *= Vector256.Create(epilogue.Alpha);
            high *= Vector256.Create(epilogue.Alpha);
        }

        if (epilogue.Accumulate)
        {
            low += Vector256.Load(c);
            high += Vector256.Load(c + 8);
        }

        if (epilogue.ColumnBias != null)
        {
            low += Vector256.Load(epilogue.ColumnBias + columnOffset);
            high += Vector256.Load(epilogue.ColumnBias + columnOffset + 8);
        }

        if (epilogue.RowBias != null)
        {
            low += Vector256.Create(epilogue.RowBias[row]);
            high += Vector256.Create(epilogue.RowBias[row]);
        }

        if (epilogue.Activation == GemmActivation.Relu)
        {
            low = Vector256.Max(low, Vector256<float>.Zero);
            high = Vector256.Max(high, Vector256<float>.Zero);
        }

        low.Store(c);
        high.Store(c + 8);
    }
}
