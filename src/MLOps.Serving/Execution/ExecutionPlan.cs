using MLOps.Serving.Graph;

namespace MLOps.Serving.Execution;

/// <summary>
/// A static plan for one set of input shapes: the steps to run, every value's concrete shape and its
/// place in an arena whose regions are reused by values that are never alive at the same time.
/// Immutable and shared; each call in flight rents its own <see cref="ExecutionArena"/>.
/// </summary>
internal sealed class ExecutionPlan
{
    private readonly Stack<ExecutionArena> _arenas = new();
    private readonly Lock _gate = new();

    public ExecutionPlan(PlanSlot[] slots, PlanStep[] steps, int[] inputSlots, int[] outputSlots, long arenaBytes, long scratchOffset, long scratchBytes)
    {
        Slots = slots;
        Steps = steps;
        InputSlots = inputSlots;
        OutputSlots = outputSlots;
        ArenaBytes = arenaBytes;
        ScratchOffset = scratchOffset;
        ScratchBytes = scratchBytes;
        var views = new List<int>[inputSlots.Length];
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = [];
        }

        var maxInputs = 1;
        var maxOutputs = 1;
        for (var s = 0; s < slots.Length; s++)
        {
            if (slots[s].Kind == SlotKind.View && slots[slots[s].ViewOf].Kind == SlotKind.GraphInput)
            {
                views[slots[slots[s].ViewOf].InputIndex].Add(s);
            }
        }

        foreach (var step in steps)
        {
            maxInputs = Math.Max(maxInputs, step.Inputs.Length);
            maxOutputs = Math.Max(maxOutputs, step.Outputs.Length);
        }

        InputViews = [.. views.Select(static v => v.ToArray())];
        MaxInputs = maxInputs;
        MaxOutputs = maxOutputs;
    }

    public PlanSlot[] Slots { get; }

    public PlanStep[] Steps { get; }

    /// <summary>The slot of each graph input.</summary>
    public int[] InputSlots { get; }

    /// <summary>The slot of each graph output.</summary>
    public int[] OutputSlots { get; }

    /// <summary>For each graph input, the view slots that share its storage.</summary>
    public int[][] InputViews { get; }

    public long ArenaBytes { get; }

    public long ScratchOffset { get; }

    public long ScratchBytes { get; }

    public int MaxInputs { get; }

    public int MaxOutputs { get; }

    public DataType OutputType(int output) => Slots[OutputSlots[output]].Type;

    public int[] OutputShape(int output) => Slots[OutputSlots[output]].Shape;

    /// <summary>Takes an idle arena or creates one (the only allocation, once per concurrent caller).</summary>
    public ExecutionArena Rent(ParallelRunner runner)
    {
        lock (_gate)
        {
            if (_arenas.TryPop(out var arena))
            {
                return arena;
            }
        }

        return new ExecutionArena(this, runner);
    }

    public void Return(ExecutionArena arena)
    {
        lock (_gate)
        {
            _arenas.Push(arena);
        }
    }
}
