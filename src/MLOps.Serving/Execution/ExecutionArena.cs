using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MLOps.Serving.Graph;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Execution;

/// <summary>
/// The memory one call in flight works in: a pinned, 64-byte aligned block holding every planned
/// intermediate and the scratch area, plus the resolved storage of every slot. Reused call after
/// call, so steady-state inference allocates nothing.
/// </summary>
internal sealed unsafe class ExecutionArena
{
    private readonly ExecutionPlan _plan;
    private readonly byte[] _memory;
    private readonly byte* _base;

    public ExecutionArena(ExecutionPlan plan, ParallelRunner runner)
    {
        _plan = plan;
        _memory = GC.AllocateUninitializedArray<byte>(checked((int)(plan.ArenaBytes + plan.ScratchBytes + 128)), pinned: true);
        var address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_memory));
        _base = (byte*)((address + 63) & ~(nint)63);
        Context = new KernelContext(runner);
        Handles = new System.Buffers.MemoryHandle[plan.InputSlots.Length];
        Context.Begin(plan.MaxInputs, plan.MaxOutputs, null, null, 0);
        Slots = new SlotView[plan.Slots.Length];
        for (var i = 0; i < plan.Slots.Length; i++)
        {
            var slot = plan.Slots[i];
            Slots[i] = new SlotView { Type = slot.Type, Shape = slot.Shape, Length = slot.Length };
            switch (slot.Kind)
            {
                case SlotKind.Arena when slot.Type == DataType.String:
                    var strings = new string[slot.Length];
                    strings.AsSpan().Fill(string.Empty);
                    Slots[i] = Slots[i] with { Strings = strings };
                    break;
                case SlotKind.Arena:
                    Slots[i] = Slots[i] with { Pointer = _base + slot.Offset };
                    break;
                case SlotKind.Constant:
                    Slots[i] = Slots[i] with { Pointer = slot.Constant!.Pointer, Strings = slot.Constant.Strings };
                    break;
                case SlotKind.GraphInput when slot.Type == DataType.String:
                    // Callers' string tensors may be slices of larger arrays; their references are copied here.
                    Slots[i] = Slots[i] with { Strings = new string[slot.Length] };
                    break;
                default:
                    break;
            }
        }

        for (var i = 0; i < plan.Slots.Length; i++)
        {
            if (plan.Slots[i].Kind == SlotKind.View)
            {
                ResolveView(i);
            }
        }
    }

    public SlotView[] Slots { get; }

    public KernelContext Context { get; }

    /// <summary>Pins of the caller's input tensors during a call.</summary>
    public System.Buffers.MemoryHandle[] Handles { get; }

    public byte* Scratch => _base + _plan.ScratchOffset;

    /// <summary>Points a graph input's slot (and the views over it) at the caller's memory for this call.</summary>
    public void BindInput(int input, byte* pointer)
    {
        var slot = _plan.InputSlots[input];
        Slots[slot] = Slots[slot] with { Pointer = pointer };
        foreach (var view in _plan.InputViews[input])
        {
            Slots[view] = Slots[view] with { Pointer = pointer };
        }
    }

    /// <summary>Copies a caller's string input into the slot's own array.</summary>
    public void BindStrings(int input, ReadOnlySpan<string> values)
    {
        var slot = _plan.InputSlots[input];
        values.CopyTo(Slots[slot].Strings);
        foreach (var view in _plan.InputViews[input])
        {
            Slots[view] = Slots[view] with { Strings = Slots[slot].Strings };
        }
    }

    private void ResolveView(int index)
    {
        var root = _plan.Slots[index].ViewOf;
        Slots[index] = Slots[index] with { Pointer = Slots[root].Pointer, Strings = Slots[root].Strings };
    }
}
