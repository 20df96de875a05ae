using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>Logical Not of a bool tensor.</summary>
internal sealed class NotOperator : Operator
{
    public NotOperator(Node node)
        : base(node)
    {
    }

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, DataType.Bool);
        context.SetOutput(0, DataType.Bool, context.InputShape(0));
    }

    public override void Execute(KernelContext context)
    {
        var x = context.Input<byte>(0);
        var y = context.Output<byte>(0);
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = (byte)(x[i] ^ 1);
        }
    }
}
