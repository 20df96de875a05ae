using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators.Ml;

/// <summary>ai.onnx.ml ArrayFeatureExtractor: selects columns of the last dimension by int64 index (out of range is an error).</summary>
internal sealed class ArrayFeatureExtractorOperator : Operator
{
    public ArrayFeatureExtractorOperator(Node node)
        : base(node)
    {
    }

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, DataType.Float, DataType.Double, DataType.Int64, DataType.Int32, DataType.String);
        context.ExpectType(1, DataType.Int64);
        var x = context.InputShape(0);
        var count = ShapeMath.ElementCount(context.InputShape(1));
        if (x.Length == 0)
        {
            throw context.Error($"X '{context.InputName(0)}' is a scalar.");
        }

        int[] output = x.Length == 1 ? [1, count] : [.. x[..^1], count];
        context.SetOutput(0, context.InputType(0), output);
    }

    public override void Execute(KernelContext context)
    {
        var x = context.InputShape(0);
        var columns = x[^1];
        var rows = context.InputLength(0) / Math.Max(columns, 1);
        var count = context.InputLength(1);
        ref readonly var source = ref context.InputView(0);
        ref readonly var destination = ref context.OutputView(0);
        var size = ElementCopy.SizeOf(source.Type);
        for (var j = 0; j < count; j++)
        {
            var index = context.Input<long>(1)[j];
            if (index < 0 || index >= columns)
            {
                throw new ValidationException($"{Node.Description}: index {index} (element {j} of '{context.InputName(1)}') is outside the {columns} columns of '{context.InputName(0)}'.");
            }
        }

        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < count; j++)
            {
                ElementCopy.CopyOne(source, ((long)r * columns) + context.Input<long>(1)[j], destination, ((long)r * count) + j, size);
            }
        }
    }
}
