using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLOps.Serving.Kernels;

/// <summary>A constant B matrix packed once, at load time, into SGEMM panels.</summary>
internal sealed unsafe class PackedMatrix
{
    private readonly float[] _panels;

    public PackedMatrix(float* b, int ldb, bool transposed, int k, int n)
    {
        K = k;
        N = n;
        _panels = GC.AllocateUninitializedArray<float>((int)Sgemm.PackedSize(k, n), pinned: true);
        Sgemm.PackB(b, ldb, transposed, k, n, Pointer);
    }

    public int K { get; }

    public int N { get; }

    public float* Pointer => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_panels));
}
