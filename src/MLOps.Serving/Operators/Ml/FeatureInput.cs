using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators.Ml;

/// <summary>Reads the numeric inputs of the ML operators (float, double, int64, int32) as floats.</summary>
internal static class FeatureInput
{
    public static readonly DataType[] NumericTypes = [DataType.Float, DataType.Double, DataType.Int64, DataType.Int32];

    /// <summary>[N, C] for a 2-D input, [1, C] for a 1-D one.</summary>
    public static (int Rows, int Columns) Matrix(InferContext context, int input)
    {
        var shape = context.InputShape(input);
        return shape.Length switch
        {
            1 => (1, shape[0]),
            2 => (shape[0], shape[1]),
            _ => throw context.Error($"input '{context.InputName(input)}' {ShapeMath.Format(shape)} must be [N, C] or [C]."),
        };
    }

    public static float Get(KernelContext context, int input, int index) => context.InputType(input) switch
    {
        DataType.Float => context.Input<float>(input)[index],
        DataType.Double => (float)context.Input<double>(input)[index],
        DataType.Int64 => context.Input<long>(input)[index],
        _ => context.Input<int>(input)[index],
    };

    public static double GetDouble(KernelContext context, int input, int index) => context.InputType(input) switch
    {
        DataType.Float => context.Input<float>(input)[index],
        DataType.Double => context.Input<double>(input)[index],
        DataType.Int64 => context.Input<long>(input)[index],
        _ => context.Input<int>(input)[index],
    };
}
