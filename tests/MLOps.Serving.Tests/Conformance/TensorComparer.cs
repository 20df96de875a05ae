using System.Globalization;
using MLOps.Serving.Graph;

namespace MLOps.Serving.Tests.Conformance;

/// <summary>Compares tensors as the ONNX backend tests do: rtol 1e-3 and atol 1e-5 for floats, exact otherwise.</summary>
internal static class TensorComparer
{
    public static string? Difference(TensorData expected, TensorData actual, string name)
    {
        if (expected.Type != actual.Type)
        {
            return $"{name}: type {DataTypes.Name(actual.Type)}, expected {DataTypes.Name(expected.Type)}";
        }

        if (!expected.Shape.AsSpan().SequenceEqual(actual.Shape))
        {
            return $"{name}: shape {ShapeMath.Format(actual.Shape)}, expected {ShapeMath.Format(expected.Shape)}";
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (expected.Type == DataType.String)
            {
                if (!string.Equals(expected.Strings![i], actual.Strings![i], StringComparison.Ordinal))
                {
                    return $"{name}[{i}]: '{actual.Strings[i]}', expected '{expected.Strings[i]}'";
                }

                continue;
            }

            if (DataTypes.IsFloatingPoint(expected.Type))
            {
                var e = expected.GetDouble(i);
                var a = actual.GetDouble(i);
                if (double.IsNaN(e) && double.IsNaN(a))
                {
                    continue;
                }

                if (e == a)
                {
                    continue;
                }

                if (double.IsNaN(a) || double.IsNaN(e) || Math.Abs(a - e) > 1e-5 + (1e-3 * Math.Abs(e)))
                {
                    return $"{name}[{i}]: {a.ToString(CultureInfo.InvariantCulture)}, expected {e.ToString(CultureInfo.InvariantCulture)}";
                }

                continue;
            }

            if (expected.Type == DataType.UInt64 ? expected.Span<ulong>()[i] != actual.Span<ulong>()[i] : expected.GetInt64(i) != actual.GetInt64(i))
            {
                return $"{name}[{i}]: {actual.GetInt64(i)}, expected {expected.GetInt64(i)}";
            }
        }

        return null;
    }
}
