using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Softmax and LogSoftmax: over the flattened trailing dimensions before opset 13, along one axis from 13.</summary>
internal sealed class SoftmaxOperator : Operator
{
    private readonly long _axis;

    public SoftmaxOperator(Node node)
        : base(node)
    {
        _axis = node.Attributes.GetInt("axis", node.Opset < 13 ? 1 : -1);
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var rank = shape.Length;
        if (rank == 0)
        {
            throw context.Error($"input '{context.InputName(0)}' is a scalar; Softmax needs at least one dimension.");
        }

        var axis = ShapeMath.NormalizeAxis(_axis, rank, Node.Description);
        int outer, length, inner;
        if (Node.Opset < 13)
        {
            outer = ShapeMath.Product(shape, 0, axis);
            length = ShapeMath.Product(shape, axis, rank);
            inner = 1;
        }
        else
        {
            outer = ShapeMath.Product(shape, 0, axis);
            length = shape[axis];
            inner = ShapeMath.Product(shape, axis + 1, rank);
        }

        var log = Node.OpType is "LogSoftmax";
        if (!TypeDispatch.TryFloating(context.InputType(0), new Factory(outer, length, inner, log), out IStepKernel? kernel) || kernel is null)
        {
            throw context.Error($"{Node.OpType} does not support {DataTypes.Name(context.InputType(0))}.");
        }

        context.SetOutput(0, context.InputType(0), shape);
        context.State = kernel;
        context.RequestScratch((long)length * 8);
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private readonly struct Factory(int outer, int length, int inner, bool log) : IFloatingAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, IFloatingPointIeee754<T> => new SoftmaxKernel<T>(outer, length, inner, log);
    }
}
