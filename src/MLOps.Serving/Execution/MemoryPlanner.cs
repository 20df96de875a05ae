namespace MLOps.Serving.Execution;

/// <summary>
/// Places arena slots by liveness: a value lives from the step that writes it to the last step that
/// reads it (graph outputs to the end), and two values share bytes only when their lifetimes do not
/// overlap. Greedy by size, largest first, lowest fitting offset.
/// </summary>
internal static class MemoryPlanner
{
    private const long Alignment = 64;

    public static (long ArenaBytes, long ScratchBytes) Assign(PlanSlot[] slots, PlanStep[] steps, int[] outputSlots)
    {
        var first = new int[slots.Length];
        var last = new int[slots.Length];
        Array.Fill(first, -1);
        Array.Fill(last, -1);
        long scratch = 0;
        for (var s = 0; s < steps.Length; s++)
        {
            foreach (var input in steps[s].Inputs)
            {
                Touch(input, s);
            }

            foreach (var output in steps[s].Outputs)
            {
                Touch(output, s);
            }

            scratch = Math.Max(scratch, steps[s].ScratchBytes);
        }

        foreach (var output in outputSlots)
        {
            Touch(output, steps.Length);
        }

        var order = Enumerable.Range(0, slots.Length)
            .Where(i => slots[i].Kind == SlotKind.Arena && slots[i].ByteSize > 0 && first[i] >= 0)
            .OrderByDescending(i => slots[i].ByteSize)
            .ThenBy(i => i)
            .ToList();
        var placed = new List<int>();
        long arena = 0;
        foreach (var slot in order)
        {
            var size = Align(slots[slot].ByteSize);
            var conflicts = placed
                .Where(p => first[p] <= last[slot] && first[slot] <= last[p])
                .OrderBy(p => slots[p].Offset)
                .ToList();
            long offset = 0;
            foreach (var other in conflicts)
            {
                if (offset + size <= slots[other].Offset)
                {
                    break;
                }

                offset = Math.Max(offset, slots[other].Offset + Align(slots[other].ByteSize));
            }

            slots[slot].Offset = offset;
            placed.Add(slot);
            arena = Math.Max(arena, offset + size);
        }

        var stringIndex = 0;
        foreach (var slot in slots)
        {
            if (slot.Kind == SlotKind.Arena && slot.Type == Graph.DataType.String)
            {
                slot.StringIndex = stringIndex++;
            }
        }

        if (arena + scratch > int.MaxValue - 1024)
        {
            throw new ValidationException($"The memory plan needs {arena + scratch} bytes of intermediates, more than one arena can hold; use a smaller batch.");
        }

        return (arena, Align(scratch));

        void Touch(int slot, int step)
        {
            if (slot < 0)
            {
                return;
            }

            var root = slots[slot].Kind == SlotKind.View ? slots[slot].ViewOf : slot;
            if (first[root] < 0)
            {
                first[root] = step;
            }

            last[root] = Math.Max(last[root], step);
        }
    }

    private static long Align(long bytes) => (bytes + Alignment - 1) / Alignment * Alignment;
}
