namespace MLOps.Serving.Kernels;

/// <summary>
/// A zeroed block of memory on the pinned object heap, aligned to 64 bytes (a cache line, the
/// width of a 512-bit load), that lives as long as its owner holds it: no disposal, no leak when a
/// model is dropped.
/// </summary>
internal sealed unsafe class AlignedBuffer
{
    private const int Alignment = 64;
    private readonly byte[] _bytes;

    public AlignedBuffer(long bytes)
    {
        _bytes = GC.AllocateArray<byte>(checked((int)bytes + Alignment), pinned: true);
        fixed (byte* start = _bytes)
        {
            Pointer = (byte*)(((nint)start + (Alignment - 1)) & ~(nint)(Alignment - 1));
        }
    }

    /// <summary>The aligned start (the array is pinned, so it stays valid while this object lives).</summary>
    public byte* Pointer { get; }

    /// <summary>Allocates <paramref name="count"/> elements of <typeparamref name="T"/>.</summary>
    public static AlignedBuffer Of<T>(long count)
        where T : unmanaged => new(count * sizeof(T));
}
