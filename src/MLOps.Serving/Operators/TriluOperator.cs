using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Trilu: keeps the upper (or lower) triangle of the last two dimensions relative to diagonal k; zeroes the rest.</summary>
internal sealed class TriluOperator : Operator
{
    private readonly bool _upper;

    public TriluOperator(Node node)
        : base(node)
    {
        _upper = node.Attributes.GetInt("upper", 1) != 0;
    }

    public override void Infer(InferContext context)
    {
        if (context.InputRank(0) < 2)
        {
            throw context.Error($"input '{context.InputName(0)}' {ShapeMath.Format(context.InputShape(0))} needs at least 2 dimensions.");
        }

        if (context.InputType(0) == DataType.String)
        {
            throw context.Error("string tensors are not supported.");
        }

        context.SetOutput(0, context.InputType(0), context.InputShape(0));
    }

    public override unsafe void Execute(KernelContext context)
    {
        var shape = context.InputShape(0);
        var rows = shape[^2];
        var columns = shape[^1];
        var k = context.HasInput(1) ? context.InputInt64(1, 0) : 0;
        var size = DataTypes.SizeOf(context.InputType(0));
        ElementCopy.Copy(context.InputView(0), 0, context.OutputView(0), 0, context.InputLength(0));
        var output = context.OutputBytes(0);
        var matrices = context.InputLength(0) / Math.Max(rows * columns, 1);
        for (var m = 0; m < matrices; m++)
        {
            for (var i = 0; i < rows; i++)
            {
                // Upper keeps j ≥ i + k; lower keeps j ≤ i + k.
                var boundary = (long)i + k;
                var from = _upper ? 0 : (int)Math.Clamp(boundary + 1, 0, columns);
                var to = _upper ? (int)Math.Clamp(boundary, 0, columns) : columns;
                if (to > from)
                {
                    var row = output + ((((long)m * rows) + i) * columns * size);
                    new Span<byte>(row + ((long)from * size), (to - from) * size).Clear();
                }
            }
        }
    }
}
