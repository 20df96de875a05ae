using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MLOps.Serving.Execution;

namespace MLOps.Serving.Kernels;

/// <summary>
/// Single-precision matrix multiply: B packed into 32-column panels (once, at load time, for
/// weights), A packed per cache block into row groups, and a register-blocked micro-kernel
/// (<see cref="Vector512"/> where accelerated, <see cref="Vector256"/> or scalar otherwise) that
/// keeps up to 8 × 32 results in registers. Cache blocks of A and column ranges of B form tiles
/// that run in parallel on the <see cref="ParallelRunner"/>.
/// </summary>
internal static unsafe class Sgemm
{
    /// <summary>Columns per packed panel of B.</summary>
    public const int PanelWidth = 32;

    /// <summary>Rows per micro-tile.</summary>
    public const int RowGroup = 8;

    /// <summary>Depth of a cache block: one panel slice (256 × 32 floats = 32 KiB) stays in L1.</summary>
    public const int DepthBlock = 256;

    /// <summary>Rows of A per cache block (a 96 × 256 block of A stays in L2).</summary>
    public const int RowBlock = 96;

    [ThreadStatic]
    private static float[]? _packedA;

    /// <summary>Which micro-kernel runs; tests force the fallbacks.</summary>
    public static SgemmIsa Isa { get; set; } = Vector512.IsHardwareAccelerated ? SgemmIsa.Vector512
        : Vector256.IsHardwareAccelerated ? SgemmIsa.Vector256 : SgemmIsa.Scalar;

    /// <summary>Floats needed to pack a K × N matrix B.</summary>
    public static long PackedSize(int k, int n) => (long)PanelCount(n) * PanelWidth * Math.Max(k, 1);

    public static int PanelCount(int n) => (n + PanelWidth - 1) / PanelWidth;

    /// <summary>
    /// Packs B (K × N, or N × K when transposed) into panels [panel][k][32], zero-padding the last
    /// panel, so the micro-kernel reads B strictly sequentially.
    /// </summary>
    public static void PackB(float* b, int ldb, bool transB, int k, int n, float* packed)
    {
        var panels = PanelCount(n);
        for (var p = 0; p < panels; p++)
        {
            PackPanel(b, ldb, transB, k, n, p, packed);
        }
    }

    /// <summary>Packs B on the pool, one panel per work item.</summary>
    public static void PackB(float* b, int ldb, bool transB, int k, int n, float* packed, ParallelRunner runner)
    {
        var job = new PackJob { B = b, Ldb = ldb, TransB = transB, K = k, N = n, Packed = packed };
        var panels = PanelCount(n);
        if ((long)k * n < 64 * 1024)
        {
            PackB(b, ldb, transB, k, n, packed);
            return;
        }

        runner.For(panels, &PackWork, &job);
    }

    /// <summary>Runs the multiply on the pool.</summary>
    public static void Multiply(ref GemmArguments args, ParallelRunner runner)
    {
        if (args.M == 0 || args.N == 0)
        {
            return;
        }

        var panels = PanelCount(args.N);
        var threads = runner.ThreadCount;
        var small = (long)args.M * args.N * args.K < 64 * 64 * 64;

        // Prefer splitting rows (each tile then packs its own rows of A once) into about two tiles
        // per thread; split columns only when there are too few rows.
        var rowBlock = RowBlock;
        var wanted = small ? 1 : 2 * threads;
        if ((args.M + rowBlock - 1) / rowBlock < wanted)
        {
            rowBlock = Math.Max(RowGroup, (((args.M + wanted - 1) / wanted) + RowGroup - 1) / RowGroup * RowGroup);
        }

        var rowBlocks = (args.M + rowBlock - 1) / rowBlock;
        var columnTiles = small ? 1 : Math.Min(panels, Math.Max(1, (wanted + rowBlocks - 1) / rowBlocks));
        args.RowBlock = rowBlock;
        args.PanelsPerTile = (panels + columnTiles - 1) / columnTiles;
        args.TileColumns = (panels + args.PanelsPerTile - 1) / args.PanelsPerTile;
        var tiles = rowBlocks * args.TileColumns;
        fixed (GemmArguments* state = &args)
        {
            if (tiles == 1 || small)
            {
                for (var t = 0; t < tiles; t++)
                {
                    Tile(state, t);
                }
            }
            else
            {
                runner.For(tiles, &Tile, state);
            }
        }
    }

    /// <summary>
    /// A managed entry point (tests, benchmarks): <c>C = alpha · op(A) · op(B) (+ C) (+ bias) → activation</c>,
    /// with A [M, K] and B [K, N] row-major (transposed when asked). Packs B into <paramref name="packed"/>
    /// (at least <see cref="PackedSize"/> floats) unless <paramref name="prepacked"/> is true.
    /// </summary>
    public static void Multiply(
        ReadOnlySpan<float> a, bool transA, ReadOnlySpan<float> b, bool transB, Span<float> packed, bool prepacked, Span<float> c,
        int m, int n, int k, float alpha, bool accumulate, ReadOnlySpan<float> columnBias, GemmActivation activation, ParallelRunner runner)
    {
        if (a.Length < (long)m * k || c.Length < (long)m * n || packed.Length < PackedSize(k, n) || (!prepacked && b.Length < (long)k * n) || (!columnBias.IsEmpty && columnBias.Length < n))
        {
            throw new ArgumentException("A matrix is smaller than its dimensions say.", nameof(c));
        }

        fixed (float* pa = a, pb = b, pp = packed, pc = c, pbias = columnBias)
        {
            if (!prepacked)
            {
                PackB(pb, transB ? k : n, transB, k, n, pp, runner);
            }

            var args = new GemmArguments
            {
                M = m,
                N = n,
                K = k,
                A = pa,
                Lda = transA ? m : k,
                TransA = transA,
                PackedB = pp,
                C = pc,
                Ldc = n,
                Alpha = alpha,
                Accumulate = accumulate,
                ColumnBias = columnBias.IsEmpty ? null : pbias,
                Activation = activation,
            };
            Multiply(ref args, runner);
        }
    }

    private static void PackWork(void* state, int panel)
    {
        var job = (PackJob*)state;
        PackPanel(job->B, job->Ldb, job->TransB, job->K, job->N, panel, job->Packed);
    }

    private static void PackPanel(float* b, int ldb, bool transB, int k, int n, int panel, float* packed)
    {
        var destination = packed + ((long)panel * k * PanelWidth);
        var column = panel * PanelWidth;
        var width = Math.Min(PanelWidth, n - column);
        for (var row = 0; row < k; row++)
        {
            var target = destination + ((long)row * PanelWidth);
            if (!transB)
            {
                var source = b + ((long)row * ldb) + column;
                Buffer.MemoryCopy(source, target, width * sizeof(float), width * sizeof(float));
            }
            else
            {
                for (var j = 0; j < width; j++)
                {
                    target[j] = b[((long)(column + j) * ldb) + row];
                }
            }

            for (var j = width; j < PanelWidth; j++)
            {
                target[j] = 0;
            }
        }
    }

    private static void Tile(void* state, int tile)
    {
        ref var args = ref *(GemmArguments*)state;
        var rowBlock = tile / args.TileColumns;
        var columnTile = tile % args.TileColumns;
        var m0 = rowBlock * args.RowBlock;
        var mc = Math.Min(args.RowBlock, args.M - m0);
        var firstPanel = columnTile * args.PanelsPerTile;
        var lastPanel = Math.Min(PanelCount(args.N), firstPanel + args.PanelsPerTile);
        var scratch = _packedA ??= GC.AllocateArray<float>((RowBlock + RowGroup) * DepthBlock, pinned: true);
        var packedA = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(scratch));
        for (var pc = 0; pc < args.K; pc += DepthBlock)
        {
            var kc = Math.Min(DepthBlock, args.K - pc);
            SgemmPacking.PackA(ref args, m0, mc, pc, kc, packedA);
            var first = pc == 0;
            var last = pc + kc >= args.K;
            for (var panel = firstPanel; panel < lastPanel; panel++)
            {
                var bp = args.PackedB + ((long)panel * args.K * PanelWidth) + ((long)pc * PanelWidth);
                var column = panel * PanelWidth;
                var width = Math.Min(PanelWidth, args.N - column);
                for (var ir = 0; ir < mc; ir += RowGroup)
                {
                    var rows = Math.Min(RowGroup, mc - ir);
                    var ap = packedA + ((long)ir * kc);
                    var c = args.C + ((long)(m0 + ir) * args.Ldc) + column;
                    var epilogue = new Epilogue(
                        args.Alpha,
                        args.Accumulate || !first,
                        last && args.ColumnBias != null ? args.ColumnBias + column : null,
                        last && args.RowBias != null ? args.RowBias + m0 + ir : null,
                        last ? args.Activation : GemmActivation.None);
                    MicroTile(rows, kc, ap, bp, c, args.Ldc, width, epilogue);
                }
            }
        }

        if (args.K == 0)
        {
            ZeroDepth(ref args, m0, mc, firstPanel, lastPanel);
        }
    }

    private static void ZeroDepth(ref GemmArguments args, int m0, int mc, int firstPanel, int lastPanel)
    {
        for (var panel = firstPanel; panel < lastPanel; panel++)
        {
            var column = panel * PanelWidth;
            var width = Math.Min(PanelWidth, args.N - column);
            for (var r = 0; r < mc; r++)
            {
                var c = args.C + ((long)(m0 + r) * args.Ldc) + column;
                for (var j = 0; j < width; j++)
                {
                    var v = args.Accumulate ? c[j] : 0;
                    v += args.ColumnBias != null ? args.ColumnBias[column + j] : 0;
                    v += args.RowBias != null ? args.RowBias[m0 + r] : 0;
                    c[j] = args.Activation == GemmActivation.Relu ? Math.Max(v, 0) : v;
                }
            }
        }
    }

    private static void MicroTile(int rows, int kc, float* ap, float* bp, float* c, int ldc, int width, in Epilogue epilogue)
    {
        if (width == PanelWidth)
        {
            Compute(rows, kc, ap, bp, c, ldc, epilogue);
            return;
        }

        // A partial panel: compute the full tile into a buffer and merge the valid columns.
        var tile = stackalloc float[RowGroup * PanelWidth];
        Compute(rows, kc, ap, bp, tile, PanelWidth, new Epilogue(1, false, null, null, GemmActivation.None));
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < width; j++)
            {
                var v = epilogue.Alpha * tile[(r * PanelWidth) + j];
                var target = c + ((long)r * ldc) + j;
                v += epilogue.Accumulate ? *target : 0;
                v += epilogue.ColumnBias != null ? epilogue.ColumnBias[j] : 0;
                v += epilogue.RowBias != null ? epilogue.RowBias[r] : 0;
                *target = epilogue.Activation == GemmActivation.Relu ? Math.Max(v, 0) : v;
            }
        }
    }

    private static void Compute(int rows, int kc, float* ap, float* bp, float* c, int ldc, in Epilogue epilogue)
    {
        switch (Isa)
        {
            case SgemmIsa.Vector512:
                SgemmKernel512.Run(rows, kc, ap, bp, c, ldc, epilogue);
                break;
            case SgemmIsa.Vector256:
                SgemmKernel256.Run(rows, kc, ap, bp, c, ldc, epilogue);
                break;
            default:
                SgemmKernelScalar.Run(rows, kc, ap, bp, c, ldc, epilogue);
                break;
        }
    }

    private struct PackJob
    {
        public float* B;
        public int Ldb;
        public bool TransB;
        public int K;
        public int N;
        public float* Packed;
    }
}
