using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>Shape questions the dense operators and the optimizer share.</summary>
internal static class DenseShapes
{
    /// <summary>Whether a node's input is a constant of shape [n] or [1, n] with n > 1 (a per-column bias).</summary>
    public static bool IsColumnVector(Node node, int input, out int n)
    {
        n = 0;
        if (input >= node.Inputs.Length || node.Inputs[input]?.Constant is not { } value)
        {
            return false;
        }

        var shape = value.Shape;
        if ((shape.Length == 1 || (shape.Length == 2 && shape[0] == 1)) && shape[^1] > 1)
        {
            n = shape[^1];
            return true;
        }

        return false;
    }
}
