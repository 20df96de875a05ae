using System.Numerics;
using System.Numerics.Tensors;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Sum, Mean, Min and Max over one or more broadcast inputs, folded into the output one input at a time.</summary>
internal sealed class VariadicOperator : Operator
{
    public static readonly string[] OpTypes = ["Sum", "Mean", "Min", "Max"];

    public VariadicOperator(Node node)
        : base(node)
    {
    }

    public override void Infer(InferContext context)
    {
        var output = context.InputShape(0);
        for (var i = 1; i < context.InputCount; i++)
        {
            context.ExpectSameType(0, i);
            output = ShapeMath.Broadcast(output, context.InputShape(i))
                ?? throw context.Error($"input {i} ('{context.InputName(i)}') {ShapeMath.Format(context.InputShape(i))} cannot be broadcast with the others to {ShapeMath.Format(output)}.");
        }

        var type = context.InputType(0);
        var copies = StridedCopy.ForBroadcast(context.InputShape(0), output);
        var plans = new BroadcastPlan[context.InputCount];
        for (var i = 1; i < plans.Length; i++)
        {
            plans[i] = BroadcastPlan.Create(output, context.InputShape(i), output);
        }

        if (!TypeDispatch.TryNumeric(type, new Factory(Node.OpType, copies, plans), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"{Node.OpType} does not support {DataTypes.Name(type)}.");
        }

        context.SetOutput(0, type, output);
        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private sealed unsafe class Kernel<T, TOp>(StridedCopy first, BroadcastPlan[] plans, bool mean) : IStepKernel
        where T : unmanaged, INumber<T>
        where TOp : IBinarySpanOp<T, T, T>
    {
        public void Run(KernelContext context)
        {
            first.Run(context.InputView(0), context.OutputView(0));
            var output = context.OutputPointer<T>(0);
            for (var i = 1; i < plans.Length; i++)
            {
                Broadcast.Run<T, T, T, TOp>(plans[i], output, context.InputPointer<T>(i), output);
            }

            if (mean)
            {
                var span = context.Output<T>(0);
                TensorPrimitives.Divide(span, T.CreateTruncating(plans.Length), span);
            }
        }
    }

    private readonly struct Factory(string opType, StridedCopy first, BroadcastPlan[] plans) : INumericAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, INumber<T> => opType switch
            {
                "Sum" => new Kernel<T, BinaryOps.Add<T>>(first, plans, mean: false),
                "Mean" => new Kernel<T, BinaryOps.Add<T>>(first, plans, mean: true),
                "Min" => new Kernel<T, BinaryOps.Min<T>>(first, plans, mean: false),
                _ => new Kernel<T, BinaryOps.Max<T>>(first, plans, mean: false),
            };
    }
}
