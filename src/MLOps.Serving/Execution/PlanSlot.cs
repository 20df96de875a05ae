using MLOps.Serving.Graph;

namespace MLOps.Serving.Execution;

/// <summary>One value in an execution plan: its concrete type and shape and where it lives.</summary>
internal sealed class PlanSlot
{
    public PlanSlot(string name, DataType type, int[] shape, SlotKind kind)
    {
        Name = name;
        Type = type;
        Shape = shape;
        Length = ShapeMath.ElementCount(shape);
        Kind = kind;
    }

    public string Name { get; }

    public DataType Type { get; }

    public int[] Shape { get; }

    public int Length { get; }

    public SlotKind Kind { get; }

    /// <summary>For arena slots: the byte offset in the arena.</summary>
    public long Offset { get; set; }

    /// <summary>For constants: the value.</summary>
    public TensorData? Constant { get; init; }

    /// <summary>For graph inputs: the input's index.</summary>
    public int InputIndex { get; init; } = -1;

    /// <summary>For views: the slot whose storage this one shares (never itself a view).</summary>
    public int ViewOf { get; init; } = -1;

    /// <summary>For string arena slots: which of the arena's string arrays.</summary>
    public int StringIndex { get; set; } = -1;

    public long ByteSize => Type == DataType.String ? 0 : (long)Length * DataTypes.SizeOf(Type);
}
