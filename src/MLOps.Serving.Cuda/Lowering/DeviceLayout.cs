using MLOps.Serving.Execution;

namespace MLOps.Serving.Cuda.Lowering;

/// <summary>
/// Where each slot of a plan lives in the device arena (and, at the same offsets, in the pinned host
/// mirror): intermediates at the offsets the engine's liveness-based <c>MemoryPlanner</c> gave them,
/// so buffers whose lifetimes do not overlap share memory; graph inputs after them. Constants live in
/// buffers of their own, uploaded once per executor.
/// </summary>
internal sealed unsafe class DeviceLayout
{
    private const long Alignment = 256;

    private DeviceLayout(long[] offsets, long totalBytes)
    {
        Offsets = offsets;
        TotalBytes = totalBytes;
    }

    /// <summary>Per slot, the byte offset of its root buffer in the arena; -1 for constants.</summary>
    public long[] Offsets { get; }

    /// <summary>The arena's size in bytes.</summary>
    public long TotalBytes { get; }

    public static DeviceLayout Create(ExecutionPlan plan)
    {
        var offsets = new long[plan.Slots.Length];
        var next = Align(plan.ArenaBytes);
        for (var i = 0; i < plan.Slots.Length; i++)
        {
            var slot = plan.Slots[i];
            if (slot.Kind == SlotKind.GraphInput)
            {
                offsets[i] = next;
                next = Align(next + slot.ByteSize);
            }
        }

        for (var i = 0; i < plan.Slots.Length; i++)
        {
            var slot = plan.Slots[i];
            offsets[i] = slot.Kind switch
            {
                SlotKind.Arena => slot.Offset,
                SlotKind.GraphInput => offsets[i],
                SlotKind.Constant => -1,
                _ => -1,
            };
        }

        for (var i = 0; i < plan.Slots.Length; i++)
        {
            if (plan.Slots[i].Kind == SlotKind.View)
            {
                offsets[i] = offsets[plan.Slots[i].ViewOf];
            }
        }

        return new DeviceLayout(offsets, Math.Max(next, Alignment));
    }

    /// <summary>The root slot a slot's memory belongs to (itself unless it is a view).</summary>
    public static int Root(ExecutionPlan plan, int slot) => plan.Slots[slot].Kind == SlotKind.View ? plan.Slots[slot].ViewOf : slot;

    /// <summary>A slot's address in the pinned host mirror starting at <paramref name="host"/> (a constant's own buffer for constants).</summary>
    public byte* HostAddress(ExecutionPlan plan, byte* host, int slot)
    {
        var root = Root(plan, slot);
        return plan.Slots[root].Kind == SlotKind.Constant ? plan.Slots[root].Constant!.Pointer : host + Offsets[root];
    }

    private static long Align(long bytes) => (bytes + Alignment - 1) / Alignment * Alignment;
}
