using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>Identity, and Dropout at inference (identity; its optional mask is all true).</summary>
internal sealed class IdentityOperator : Operator
{
    public IdentityOperator(Node node)
        : base(node)
    {
        if (node.OpType is "Dropout" && node.Attributes.GetInt("is_test", 1) == 0 && node.Opset < 7)
        {
            throw Error("training mode (is_test = 0) is not supported; only inference.");
        }
    }

    public override void Infer(InferContext context)
    {
        if (Node.OpType is "Dropout" && context.InputValue(2) is { } training && training.Length > 0 && training.GetInt64(0) != 0)
        {
            var ratio = context.InputValue(1) is { } r && r.Length > 0 ? r.GetDouble(0) : 0.5;
            if (ratio != 0)
            {
                throw context.Error("training_mode = true is not supported; the engine runs inference only.");
            }
        }
        else if (Node.OpType is "Dropout" && context.HasInput(2) && context.InputValue(2) is null)
        {
            throw new DataDependentException(Node, 2);
        }

        context.SetOutputView(0, 0, context.InputShape(0));
        if (context.HasOutput(1))
        {
            context.SetOutput(1, DataType.Bool, context.InputShape(0));
        }
    }

    public override void Execute(KernelContext context)
    {
        if (context.HasOutput(1))
        {
            context.Output<byte>(1).Fill(1);
        }
    }
}
