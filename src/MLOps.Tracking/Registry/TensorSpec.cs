using MLOps.Tensors;

namespace MLOps.Tracking;

/// <summary>One input or output of a model's signature.</summary>
/// <param name="Name">The tensor's name, as the model names it.</param>
/// <param name="ElementType">The element type.</param>
/// <param name="Shape">The dimensions; -1 marks a dynamic dimension (such as the batch).</param>
public sealed record TensorSpec(string Name, TensorElementType ElementType, IReadOnlyList<long> Shape)
{
    /// <summary>Describes the spec as <c>name: Float32[-1, 4]</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(", ", Shape)}]";
}
