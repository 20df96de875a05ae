using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Cast (and CastLike, which takes the type of its second input) between every numeric type, bool, string (numbers as shortest round-trip text) and bfloat16.</summary>
internal sealed class CastOperator : Operator
{
    private readonly DataType _to;

    public CastOperator(Node node)
        : base(node)
    {
        if (node.OpType is "CastLike")
        {
            return;
        }

        _to = node.Opset < 6
            ? ParseName(node.Attributes.GetString("to", string.Empty))
            : (DataType)node.Attributes.GetRequiredInt("to");
        if (!DataTypes.IsKnown(_to))
        {
            throw Error($"cannot cast to ONNX type {(int)_to}.");
        }
    }

    public override void Infer(InferContext context)
    {
        var from = context.InputType(0);
        var to = Node.OpType is "CastLike" ? context.InputType(1) : _to;
        if (from == to)
        {
            context.SetOutputView(0, 0, context.InputShape(0));
            return;
        }

        context.SetOutput(0, to, context.InputShape(0));
        context.State = CastKernels.Create(from, to) ?? throw context.Error($"cannot cast {DataTypes.Name(from)} to {DataTypes.Name(to)}.");
    }

    public override void Execute(KernelContext context)
    {
        if (context.State is CastKernels.Kernel kernel)
        {
            kernel(context.InputView(0), context.OutputView(0));
        }
    }

    private DataType ParseName(string name) => name.ToUpperInvariant() switch
    {
        "FLOAT" => DataType.Float,
        "UINT8" => DataType.UInt8,
        "INT8" => DataType.Int8,
        "UINT16" => DataType.UInt16,
        "INT16" => DataType.Int16,
        "INT32" => DataType.Int32,
        "INT64" => DataType.Int64,
        "STRING" => DataType.String,
        "BOOL" => DataType.Bool,
        "FLOAT16" => DataType.Float16,
        "DOUBLE" => DataType.Double,
        "UINT32" => DataType.UInt32,
        "UINT64" => DataType.UInt64,
        _ => throw Error($"unknown target type '{name}'."),
    };
}
