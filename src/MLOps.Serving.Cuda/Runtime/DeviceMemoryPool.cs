namespace MLOps.Serving.Cuda.Runtime;

/// <summary>
/// Device memory in power-of-two size classes (at least 256 bytes): a returned buffer is kept and handed
/// to the next request of its class, so once every batch bucket's plan exists the serving path
/// allocates nothing. Thread-safe.
/// </summary>
internal sealed class DeviceMemoryPool : IDisposable
{
    private const long MinimumBytes = 256;
    private readonly IDeviceAllocator _allocator;
    private readonly Dictionary<long, Stack<ulong>> _free = [];
    private readonly HashSet<ulong> _all = [];
    private readonly Lock _gate = new();

    public DeviceMemoryPool(IDeviceAllocator allocator)
    {
        _allocator = allocator;
    }

    /// <summary>Allocations made from the device so far.</summary>
    public int AllocationCount { get; private set; }

    /// <summary>Bytes held from the device (free and rented).</summary>
    public long ReservedBytes { get; private set; }

    public static long SizeClass(long bytes)
    {
        var size = MinimumBytes;
        while (size < bytes)
        {
            size <<= 1;
        }

        return size;
    }

    public DeviceBuffer Rent(long bytes)
    {
        var size = SizeClass(bytes);
        lock (_gate)
        {
            if (_free.TryGetValue(size, out var stack) && stack.TryPop(out var pointer))
            {
                return new DeviceBuffer(pointer, size);
            }

            pointer = _allocator.Allocate(size);
            _all.Add(pointer);
            AllocationCount++;
            ReservedBytes += size;
            return new DeviceBuffer(pointer, size);
        }
    }

    public void Return(DeviceBuffer buffer)
    {
        lock (_gate)
        {
            if (!_free.TryGetValue(buffer.Bytes, out var stack))
            {
                stack = new Stack<ulong>();
                _free[buffer.Bytes] = stack;
            }

            stack.Push(buffer.Pointer);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var pointer in _all)
            {
                _allocator.Free(pointer);
            }

            _all.Clear();
            _free.Clear();
            ReservedBytes = 0;
        }
    }
}
