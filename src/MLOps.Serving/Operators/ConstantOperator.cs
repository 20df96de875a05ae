using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Constant: a tensor from one of the value attributes. Always folded at plan time.</summary>
internal sealed class ConstantOperator : Operator
{
    private readonly TensorData _value;

    public ConstantOperator(Node node)
        : base(node)
    {
        var attributes = node.Attributes;
        if (attributes.Has("sparse_value"))
        {
            throw Error("sparse_value is not supported.");
        }

        _value = attributes.GetTensor("value")
            ?? (attributes.Has("value_float") ? TensorData.Scalar(DataType.Float, attributes.GetFloat("value_float", 0)) : null)
            ?? (attributes.GetFloats("value_floats") is { } floats ? TensorData.FromSpan<float>(DataType.Float, floats, [floats.Length]) : null)
            ?? (attributes.Has("value_int") ? TensorData.Scalar(DataType.Int64, attributes.GetInt("value_int", 0)) : null)
            ?? (attributes.GetInts("value_ints") is { } ints ? TensorData.FromSpan<long>(DataType.Int64, ints, [ints.Length]) : null)
            ?? (attributes.Has("value_string") ? TensorData.FromStrings([attributes.GetString("value_string", string.Empty)], []) : null)
            ?? (attributes.GetStrings("value_strings") is { } strings ? TensorData.FromStrings(strings, [strings.Length]) : null)
            ?? throw Error("no value attribute is set.");
    }

    public override void Infer(InferContext context) => context.SetOutput(0, _value.Type, _value.Shape);

    public override unsafe void Execute(KernelContext context)
    {
        var source = new SlotView { Type = _value.Type, Shape = _value.Shape, Length = _value.Length, Pointer = _value.Pointer, Strings = _value.Strings };
        ElementCopy.Copy(source, 0, context.OutputView(0), 0, _value.Length);
    }
}
