using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>Where one tensor lives during a call: element type, shape and storage.</summary>
internal unsafe struct SlotView
{
    public DataType Type;
    public int[] Shape;
    public int Length;
    public byte* Pointer;
    public string[]? Strings;

    public readonly bool Present => Shape is not null;
}
