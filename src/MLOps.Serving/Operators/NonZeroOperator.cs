using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>NonZero: the indices of non-zero elements, [rank, count]; its shape depends on the values, so it runs once they are known.</summary>
internal sealed class NonZeroOperator : Operator
{
    public NonZeroOperator(Node node)
        : base(node)
    {
    }

    public override void Infer(InferContext context)
    {
        var value = context.RequireValue(0);
        if (value.Type == DataType.String)
        {
            throw context.Error("string tensors are not supported.");
        }

        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            count += value.GetDouble(i) != 0 ? 1 : 0;
        }

        context.SetOutput(0, DataType.Int64, [value.Shape.Length, count]);
    }

    public override void Execute(KernelContext context)
    {
        var shape = context.InputShape(0);
        var output = context.Output<long>(0);
        var count = output.Length / Math.Max(shape.Length, 1);
        Span<int> index = stackalloc int[shape.Length];
        var found = 0;
        var length = context.InputLength(0);
        for (var i = 0; i < length; i++)
        {
            if (context.InputType(0) is DataType.Float or DataType.Double or DataType.Float16 ? Floating(context, i) != 0 : context.InputInt64(0, i) != 0)
            {
                for (var d = 0; d < shape.Length; d++)
                {
                    output[(d * count) + found] = index[d];
                }

                found++;
            }

            for (var d = shape.Length - 1; d >= 0 && ++index[d] == shape[d]; d--)
            {
                index[d] = 0;
            }
        }
    }

    private static double Floating(KernelContext context, int i) => context.InputType(0) switch
    {
        DataType.Float => context.Input<float>(0)[i],
        DataType.Double => context.Input<double>(0)[i],
        _ => (double)context.Input<Half>(0)[i],
    };
}
