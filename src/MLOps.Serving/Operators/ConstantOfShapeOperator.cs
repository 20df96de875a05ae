using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>ConstantOfShape: a tensor of the given shape filled with one value (float 0 by default).</summary>
internal sealed class ConstantOfShapeOperator : Operator
{
    private readonly TensorData _value;

    public ConstantOfShapeOperator(Node node)
        : base(node)
    {
        _value = node.Attributes.GetTensor("value") ?? TensorData.Scalar(DataType.Float, 0f);
        if (_value.Length != 1)
        {
            throw node.Attributes.Invalid("value", "must hold exactly one element");
        }
    }

    public override void Infer(InferContext context)
    {
        var shape = ShapeMath.ToInt32Shape(context.RequireValue(0).ToInt64Array(), Node.Description);
        context.SetOutput(0, _value.Type, shape);
    }

    public override unsafe void Execute(KernelContext context)
    {
        ref readonly var output = ref context.OutputView(0);
        if (output.Strings is not null)
        {
            output.Strings.AsSpan(0, output.Length).Fill(_value.Strings![0]);
            return;
        }

        var size = DataTypes.SizeOf(_value.Type);
        var pattern = new ReadOnlySpan<byte>(_value.Pointer, size);
        var destination = new Span<byte>(output.Pointer, output.Length * size);
        for (var i = 0; i < destination.Length; i += size)
        {
            pattern.CopyTo(destination[i..]);
        }
    }
}
