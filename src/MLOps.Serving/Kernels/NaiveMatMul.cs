using System.Numerics;

namespace MLOps.Serving.Kernels;

/// <summary>Reference matrix multiply for element types without a tuned kernel (double and integers).</summary>
internal static unsafe class NaiveMatMul
{
    /// <summary>C[m, n] = alpha · Σk op(A)[m, k] · op(B)[k, n] + (C when accumulate).</summary>
    public static void Multiply<T>(int m, int n, int k, T* a, bool transA, T* b, bool transB, T* c, T alpha, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[((long)p * m) + i] : a[((long)i * k) + p];
                    var bv = transB ? b[((long)j * k) + p] : b[((long)p * n) + j];
                    sum += av * bv;
                }

                var index = ((long)i * n) + j;
                c[index] = (alpha * sum) + (accumulate ? c[index] : T.Zero);
            }
        }
    }
}
