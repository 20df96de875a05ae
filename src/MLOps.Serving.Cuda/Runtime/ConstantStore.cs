using MLOps.Serving.Cuda.Native;
using MLOps.Serving.Graph;

namespace MLOps.Serving.Cuda.Runtime;

/// <summary>Weights and other constants uploaded once per executor, keyed by the host object they came from.</summary>
internal sealed unsafe class ConstantStore : IDisposable
{
    private readonly Dictionary<object, ulong> _buffers = new(ReferenceEqualityComparer.Instance);

    public ulong Get(TensorData data)
    {
        if (!_buffers.TryGetValue(data, out var pointer))
        {
            pointer = Upload(data.Pointer, data.Bytes?.Length ?? 0);
            _buffers[data] = pointer;
        }

        return pointer;
    }

    public ulong Get(float[] values)
    {
        if (!_buffers.TryGetValue(values, out var pointer))
        {
            fixed (float* source = values)
            {
                pointer = Upload((byte*)source, values.Length * sizeof(float));
            }

            _buffers[values] = pointer;
        }

        return pointer;
    }

    public void Dispose()
    {
        foreach (var pointer in _buffers.Values)
        {
            CudaDriver.cuMemFree_v2(pointer);
        }

        _buffers.Clear();
    }

    private static ulong Upload(byte* source, long bytes)
    {
        CudaErrors.Check(CudaDriver.cuMemAlloc_v2(out var pointer, (nuint)Math.Max(bytes, 4)));
        if (bytes > 0)
        {
            CudaErrors.Check(CudaDriver.cuMemcpyHtoD_v2(pointer, source, (nuint)bytes));
        }

        return pointer;
    }
}
