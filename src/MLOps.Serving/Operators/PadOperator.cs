using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Pad in constant, reflect or edge mode (pads as an attribute before opset 11, an input after; negative pads crop).</summary>
internal sealed class PadOperator : Operator
{
    private readonly string _mode;
    private readonly long[]? _pads;
    private readonly float _value;

    public PadOperator(Node node)
        : base(node)
    {
        _mode = node.Attributes.GetString("mode", "constant");
        if (_mode is not ("constant" or "reflect" or "edge"))
        {
            throw node.Attributes.Invalid("mode", $"'{_mode}' is not supported (constant, reflect, edge)");
        }

        if (node.Opset < 11)
        {
            _pads = node.Attributes.GetInts(node.Opset < 2 ? "paddings" : "pads") ?? throw Error("attribute 'pads' is missing.");
            _value = node.Attributes.GetFloat("value", 0f);
        }
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var rank = shape.Length;
        var pads = _pads ?? context.RequireValue(1).ToInt64Array();
        if (context.HasInput(3))
        {
            // Opset 18 'axes': pads only name these axes.
            var axes = context.RequireValue(3).ToInt64Array();
            var full = new long[rank * 2];
            for (var i = 0; i < axes.Length; i++)
            {
                var axis = ShapeMath.NormalizeAxis(axes[i], rank, Node.Description);
                full[axis] = pads[i];
                full[axis + rank] = pads[i + axes.Length];
            }

            pads = full;
        }

        if (pads.Length != rank * 2)
        {
            throw context.Error($"pads has {pads.Length} entries but input '{context.InputName(0)}' {ShapeMath.Format(shape)} needs {rank * 2}.");
        }

        var output = new int[rank];
        for (var d = 0; d < rank; d++)
        {
            var size = shape[d] + pads[d] + pads[d + rank];
            if (size < 0 || (_mode is not "constant" && shape[d] == 0 && size > 0) || (_mode is "reflect" && (pads[d] >= shape[d] || pads[d + rank] >= shape[d]) && shape[d] > 0 && size > shape[d]))
            {
                throw context.Error($"pads [{string.Join(", ", pads)}] do not fit input '{context.InputName(0)}' {ShapeMath.Format(shape)} in {_mode} mode.");
            }

            output[d] = (int)size;
        }

        context.SetOutput(0, context.InputType(0), output);
        var constant = TensorData.Allocate(context.InputType(0), []);
        if (context.InputType(0) == DataType.Float)
        {
            constant.Span<float>()[0] = _value;
        }
        else if (context.InputType(0) == DataType.Double)
        {
            constant.Span<double>()[0] = _value;
        }

        context.State = new PadState(pads, constant);
    }

    public override void Execute(KernelContext context)
    {
        var state = (PadState)context.State!;
        var pads = state.Pads;
        var input = context.InputShape(0);
        var output = context.OutputShape(0);
        var rank = input.Length;
        Span<long> strides = stackalloc long[rank];
        ShapeMath.Strides(input, strides);
        Span<int> index = stackalloc int[rank];
        ref readonly var source = ref context.InputView(0);
        ref readonly var target = ref context.OutputView(0);
        var size = ElementCopy.SizeOf(source.Type);
        var count = context.OutputLength(0);
        var constant = context.HasInput(2) ? context.InputView(2) : state.Constant();
        for (var i = 0; i < count; i++)
        {
            long offset = 0;
            var outside = false;
            for (var d = 0; d < rank; d++)
            {
                long position = index[d] - pads[d];
                if (position < 0 || position >= input[d])
                {
                    switch (_mode)
                    {
                        case "edge":
                            position = Math.Clamp(position, 0, input[d] - 1);
                            break;
                        case "reflect":
                            var period = 2L * (input[d] - 1);
                            position = period == 0 ? 0 : Math.Abs(position) % period;
                            position = position >= input[d] ? period - position : position;
                            break;
                        default:
                            outside = true;
                            break;
                    }
                }

                offset += position * strides[d];
            }

            if (outside)
            {
                ElementCopy.CopyOne(constant, 0, target, i, size);
            }
            else
            {
                ElementCopy.CopyOne(source, offset, target, i, size);
            }

            for (var d = rank - 1; d >= 0 && ++index[d] == output[d]; d--)
            {
                index[d] = 0;
            }
        }
    }

    private sealed record PadState(long[] Pads, TensorData Value)
    {
        public unsafe SlotView Constant() => new() { Type = Value.Type, Shape = Value.Shape, Length = 1, Pointer = Value.Pointer, Strings = Value.Strings };
    }
}
