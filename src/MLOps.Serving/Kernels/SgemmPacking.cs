using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Serving.Kernels;

/// <summary>Packs a cache block of op(A) into the row-group layout the SGEMM micro-kernels read: [group][k][rows].</summary>
internal static unsafe class SgemmPacking
{
    /// <summary>Packs rows [m0, m0 + mc) and depth [pc, pc + kc) of op(A) into row groups [group][k][rows].</summary>
    public static void PackA(ref GemmArguments args, int m0, int mc, int pc, int kc, float* packed)
    {
        for (var ir = 0; ir < mc; ir += Sgemm.RowGroup)
        {
            var rows = Math.Min(Sgemm.RowGroup, mc - ir);
            var destination = packed + ((long)ir * kc);
            if (args.TransA)
            {
                // op(A) = Aᵀ: for each k the group's rows are already contiguous.
                for (var k = 0; k < kc; k++)
                {
                    Buffer.MemoryCopy(args.A + ((long)(pc + k) * args.Lda) + m0 + ir, destination + (k * rows), rows * sizeof(float), rows * sizeof(float));
                }

                continue;
            }

            var source = args.A + ((long)(m0 + ir) * args.Lda) + pc;
            var k0 = 0;
            if (rows == Sgemm.RowGroup && Vector256.IsHardwareAccelerated && Avx.IsSupported)
            {
                for (; k0 + 8 <= kc; k0 += 8)
                {
                    Transpose8x8(source + k0, args.Lda, destination + (k0 * Sgemm.RowGroup));
                }
            }

            for (var r = 0; r < rows; r++)
            {
                var row = source + ((long)r * args.Lda);
                for (var k = k0; k < kc; k++)
                {
                    destination[(k * rows) + r] = row[k];
                }
            }
        }
    }

    /// <summary>Reads an 8 × 8 block (rows of stride <paramref name="stride"/>) and writes it transposed, contiguously.</summary>
    private static void Transpose8x8(float* source, int stride, float* destination)
    {
        var r0 = Vector256.Load(source);
        var r1 = Vector256.Load(source + stride);
        var r2 = Vector256.Load(source + (2 * (long)stride));
        var r3 = Vector256.Load(source + (3 * (long)stride));
        var r4 = Vector256.Load(source + (4 * (long)stride));
        var r5 = Vector256.Load(source + (5 * (long)stride));
        var r6 = Vector256.Load(source + (6 * (long)stride));
        var r7 = Vector256.Load(source + (7 * (long)stride));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).Store(destination);
        Avx.Permute2x128(u1, u5, 0x20).Store(destination + 8);
        Avx.Permute2x128(u2, u6, 0x20).Store(destination + 16);
        Avx.Permute2x128(u3, u7, 0x20).Store(destination + 24);
        Avx.Permute2x128(u0, u4, 0x31).Store(destination + 32);
        Avx.Permute2x128(u1, u5, 0x31).Store(destination + 40);
        Avx.Permute2x128(u2, u6, 0x31).Store(destination + 48);
        Avx.Permute2x128(u3, u7, 0x31).Store(destination + 56);
    }
}
