using FsCheck;
using FsCheck.Fluent;
using MLOps.Serving.Cuda.Lowering;
using MLOps.Serving.Cuda.Runtime;

namespace MLOps.Serving.Cuda.Tests.Runtime;

public sealed class DeviceMemoryPoolTests
{
    private sealed class FakeAllocator : IDeviceAllocator
    {
        private ulong _next = 0x1000;

        public List<long> Allocations { get; } = [];

        public List<ulong> Freed { get; } = [];

        public ulong Allocate(long bytes)
        {
            Allocations.Add(bytes);
            var pointer = _next;
            _next += (ulong)bytes;
            return pointer;
        }

        public void Free(ulong pointer) => Freed.Add(pointer);
    }

    [Fact]
    public void Buffers_are_rounded_to_power_of_two_classes_and_reused_once_returned()
    {
        var allocator = new FakeAllocator();
        using var pool = new DeviceMemoryPool(allocator);

        var first = pool.Rent(1000);
        pool.Return(first);
        var second = pool.Rent(700);
        var third = pool.Rent(900);

        Assert.Equal(1024, first.Bytes);
        Assert.Equal(first.Pointer, second.Pointer);
        Assert.NotEqual(second.Pointer, third.Pointer);
        Assert.Equal([1024L, 1024L], allocator.Allocations);
        Assert.Equal(2, pool.AllocationCount);
    }

    [Fact]
    public void The_steady_path_allocates_nothing()
    {
        var allocator = new FakeAllocator();
        using var pool = new DeviceMemoryPool(allocator);
        foreach (var size in new[] { 100L, 5000, 70_000, 5000 })
        {
            pool.Return(pool.Rent(size));
        }

        var before = pool.AllocationCount;
        for (var i = 0; i < 1000; i++)
        {
            pool.Return(pool.Rent(new[] { 100L, 5000, 70_000 }[i % 3]));
        }

        Assert.Equal(before, pool.AllocationCount);
    }

    [Fact]
    public void Dispose_frees_every_allocation()
    {
        var allocator = new FakeAllocator();
        var pool = new DeviceMemoryPool(allocator);
        var kept = pool.Rent(10);
        pool.Return(pool.Rent(300));

        pool.Dispose();

        Assert.Equal(2, allocator.Freed.Count);
        Assert.Contains(kept.Pointer, allocator.Freed);
        Assert.Equal(0, pool.ReservedBytes);
    }

    [Fact]
    public void Size_classes_hold_the_request_and_waste_under_half()
    {
        Prop.ForAll(Arb.From(Gen.Choose(1, int.MaxValue / 2)), bytes =>
        {
            var size = DeviceMemoryPool.SizeClass(bytes);
            return size >= bytes && (size == 256 || size < 2L * bytes) && (size & (size - 1)) == 0;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(64, 64)]
    [InlineData(65, 128)]
    [InlineData(1000, 1024)]
    [InlineData(1024, 1024)]
    [InlineData(2000, 2000)]
    public void Batch_buckets_round_up_to_powers_of_two_up_to_the_maximum(int batch, int bucket)
    {
        Assert.Equal(bucket, BatchBuckets.Select(batch, 1024));
    }

    [Fact]
    public void Bucket_selection_properties()
    {
        Prop.ForAll(Arb.From(Gen.Choose(1, 5000)), Arb.From(Gen.Choose(1, 2048)), (batch, max) =>
        {
            var bucket = BatchBuckets.Select(batch, max);
            return batch > max ? bucket == batch : bucket >= batch && bucket <= max && (bucket == max || (bucket & (bucket - 1)) == 0) && BatchBuckets.All(max).Contains(bucket);
        }).QuickCheckThrowOnFailure();
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 100], BatchBuckets.All(100));
    }
}
