using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators.Ml;

/// <summary>ai.onnx.ml Imputer: replaces a marker value (NaN by default for floats) with an imputed value per column.</summary>
internal sealed class ImputerOperator : Operator
{
    private readonly float[]? _floats;
    private readonly long[]? _ints;
    private readonly float _replacedFloat;
    private readonly long _replacedInt;

    public ImputerOperator(Node node)
        : base(node)
    {
        _floats = node.Attributes.GetFloats("imputed_value_floats");
        _ints = node.Attributes.GetInts("imputed_value_int64s");
        if ((_floats is null or { Length: 0 }) == (_ints is null or { Length: 0 }))
        {
            throw Error("exactly one of imputed_value_floats and imputed_value_int64s must be set.");
        }

        _replacedFloat = node.Attributes.GetFloat("replaced_value_float", 0f);
        _replacedInt = node.Attributes.GetInt("replaced_value_int64", 0);
    }

    public override void Infer(InferContext context)
    {
        var type = context.InputType(0);
        if (_floats is { Length: > 0 })
        {
            context.ExpectType(0, DataType.Float, DataType.Double);
        }
        else
        {
            context.ExpectType(0, DataType.Int64, DataType.Int32);
        }

        var (_, columns) = FeatureInput.Matrix(context, 0);
        var count = _floats?.Length ?? _ints!.Length;
        if (count != 1 && count != columns)
        {
            throw context.Error($"{count} imputed values do not match the {columns} columns of X '{context.InputName(0)}'.");
        }

        context.SetOutput(0, type, context.InputShape(0));
        context.State = columns;
    }

    public override void Execute(KernelContext context)
    {
        var columns = (int)context.State!;
        switch (context.InputType(0))
        {
            case DataType.Float:
                Impute(context.Input<float>(0), context.Output<float>(0), columns, static v => (float)v);
                break;
            case DataType.Double:
                Impute(context.Input<double>(0), context.Output<double>(0), columns, static v => v);
                break;
            case DataType.Int64:
                ImputeInts(context.Input<long>(0), context.Output<long>(0), columns, static v => v);
                break;
            default:
                ImputeInts(context.Input<int>(0), context.Output<int>(0), columns, static v => (int)v);
                break;
        }
    }

    private void Impute<T>(ReadOnlySpan<T> x, Span<T> y, int columns, Func<double, T> convert)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        var replaced = T.CreateTruncating(_replacedFloat);
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            var missing = float.IsNaN(_replacedFloat) ? T.IsNaN(v) : v == replaced;
            y[i] = missing ? convert(_floats![_floats.Length == 1 ? 0 : i % columns]) : v;
        }
    }

    private void ImputeInts<T>(ReadOnlySpan<T> x, Span<T> y, int columns, Func<long, T> convert)
        where T : struct, System.Numerics.IBinaryInteger<T>
    {
        var replaced = T.CreateTruncating(_replacedInt);
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = x[i] == replaced ? convert(_ints![_ints.Length == 1 ? 0 : i % columns]) : x[i];
        }
    }
}
