using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>Where one tensor lives during a call: element type, shape and storage.</summary>
internal readonly unsafe struct SlotView
{
    public DataType Type { get; init; }

    public int[] Shape { get; init; }

    public int Length { get; init; }

    public byte* Pointer { get; init; }

    public string[]? Strings { get; init; }

    public readonly bool Present => Shape is not null;
}
