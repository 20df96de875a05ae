using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Where(condition, X, Y) with three-way broadcasting; any element type.</summary>
internal sealed class WhereOperator : Operator
{
    public WhereOperator(Node node)
        : base(node)
    {
    }

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, DataType.Bool);
        context.ExpectSameType(1, 2);
        var condition = context.InputShape(0);
        var x = context.InputShape(1);
        var y = context.InputShape(2);
        var output = ShapeMath.Broadcast(condition, x) is { } partial ? ShapeMath.Broadcast(partial, y) : null;
        if (output is null)
        {
            throw context.Error($"condition {ShapeMath.Format(condition)}, X {ShapeMath.Format(x)} and Y {ShapeMath.Format(y)} cannot be broadcast together.");
        }

        context.SetOutput(0, context.InputType(1), output);
        context.State = new long[][] { Strides(condition, output), Strides(x, output), Strides(y, output) };
    }

    public override unsafe void Execute(KernelContext context)
    {
        var strides = (long[][])context.State!;
        var shape = context.OutputShape(0);
        var count = context.OutputLength(0);
        var rank = shape.Length;
        Span<int> index = stackalloc int[Math.Max(rank, 1)];
        var condition = context.InputBytes(0);
        ref readonly var x = ref context.InputView(1);
        ref readonly var y = ref context.InputView(2);
        ref readonly var output = ref context.OutputView(0);
        var size = ElementCopy.SizeOf(x.Type);
        long c = 0, a = 0, b = 0;
        for (var i = 0; i < count; i++)
        {
            if (condition[c] != 0)
            {
                ElementCopy.CopyOne(x, a, output, i, size);
            }
            else
            {
                ElementCopy.CopyOne(y, b, output, i, size);
            }

            for (var d = rank - 1; d >= 0; d--)
            {
                c += strides[0][d];
                a += strides[1][d];
                b += strides[2][d];
                if (++index[d] < shape[d])
                {
                    break;
                }

                c -= strides[0][d] * shape[d];
                a -= strides[1][d] * shape[d];
                b -= strides[2][d] * shape[d];
                index[d] = 0;
            }
        }
    }

    private static long[] Strides(int[] shape, int[] output)
    {
        var strides = new long[output.Length];
        long stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i + output.Length - shape.Length] = shape[i] == 1 ? 0 : stride;
            stride *= shape[i];
        }

        return strides;
    }
}
