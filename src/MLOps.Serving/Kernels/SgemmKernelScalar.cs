namespace MLOps.Serving.Kernels;

/// <summary>The portable SGEMM micro-kernel, for machines without 256-bit vectors.</summary>
internal static unsafe class SgemmKernelScalar
{
    public static void Run(int rows, int kc, float* ap, float* bp, float* c, int ldc, in Epilogue epilogue)
    {
        var accumulators = stackalloc float[Sgemm.RowGroup * Sgemm.PanelWidth];
        new Span<float>(accumulators, rows * Sgemm.PanelWidth).Clear();
        for (var k = 0; k < kc; k++)
        {
            for (var r = 0; r < rows; r++)
            {
                var a = ap[(k * rows) + r];
                var row = accumulators + (r * Sgemm.PanelWidth);
                for (var j = 0; j < Sgemm.PanelWidth; j++)
                {
                    row[j] += a * bp[j];
                }
            }

            bp += Sgemm.PanelWidth;
        }

        for (var r = 0; r < rows; r++)
        {
            var target = c + ((long)r * ldc);
            for (var j = 0; j < Sgemm.PanelWidth; j++)
            {
                var v = epilogue.Alpha * accumulators[(r * Sgemm.PanelWidth) + j];
                v += epilogue.Accumulate ? target[j] : 0;
                v += epilogue.ColumnBias != null ? epilogue.ColumnBias[j] : 0;
                v += epilogue.RowBias != null ? epilogue.RowBias[r] : 0;
                target[j] = epilogue.Activation == GemmActivation.Relu ? Math.Max(v, 0) : v;
            }
        }
    }
}
