using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>EyeLike: a 2-D tensor of the input's shape with ones on diagonal k, in dtype (default: the input's type).</summary>
internal sealed class EyeLikeOperator : Operator
{
    private readonly DataType? _type;
    private readonly long _k;

    public EyeLikeOperator(Node node)
        : base(node)
    {
        _type = node.Attributes.Has("dtype") ? (DataType)node.Attributes.GetInt("dtype", 1) : null;
        _k = node.Attributes.GetInt("k", 0);
    }

    public override bool ShapeOnly => true;

    public override void Infer(InferContext context)
    {
        context.ExpectRank(0, 2);
        var type = _type ?? context.InputType(0);
        if (!Kernels.TypeDispatch.IsNumeric(type) && type != DataType.Bool)
        {
            throw context.Error($"EyeLike does not support {DataTypes.Name(type)}.");
        }

        context.SetOutput(0, type, context.InputShape(0));
    }

    public override unsafe void Execute(KernelContext context)
    {
        var shape = context.OutputShape(0);
        var type = context.OutputView(0).Type;
        var size = DataTypes.SizeOf(type);
        var output = context.OutputBytes(0);
        new Span<byte>(output, context.OutputLength(0) * size).Clear();
        for (var i = 0; i < shape[0]; i++)
        {
            var j = i + _k;
            if (j >= 0 && j < shape[1])
            {
                One(type, output + ((((long)i * shape[1]) + j) * size));
            }
        }
    }

    private static unsafe void One(DataType type, byte* target)
    {
        switch (type)
        {
            case DataType.Float: *(float*)target = 1; break;
            case DataType.Double: *(double*)target = 1; break;
            case DataType.Float16: *(Half*)target = (Half)1; break;
            case DataType.Int64 or DataType.UInt64: *(long*)target = 1; break;
            case DataType.Int32 or DataType.UInt32: *(int*)target = 1; break;
            case DataType.Int16 or DataType.UInt16: *(short*)target = 1; break;
            default: *target = 1; break;
        }
    }
}
