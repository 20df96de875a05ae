using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>
/// Two-input element-wise operators with numpy broadcasting: arithmetic, Pow, Mod, comparisons,
/// logic, PRelu and BitShift. Opsets before 7 broadcast B into A at 'axis' when 'broadcast' is 1.
/// </summary>
internal sealed class BinaryOperator : Operator
{
    public static readonly string[] OpTypes =
        ["Add", "Sub", "Mul", "Div", "Pow", "Mod", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "PRelu", "BitShift"];

    private readonly bool _fmod;
    private readonly bool _shiftLeft;
    private readonly long? _legacyAxis;

    public BinaryOperator(Node node)
        : base(node)
    {
        _fmod = node.Attributes.GetInt("fmod", 0) != 0;
        if (node.OpType is "BitShift")
        {
            var direction = node.Attributes.GetString("direction", string.Empty);
            _shiftLeft = direction switch
            {
                "LEFT" => true,
                "RIGHT" => false,
                _ => throw node.Attributes.Invalid("direction", $"is '{direction}'; expected LEFT or RIGHT"),
            };
        }

        if (node.Opset < 7 && node.Attributes.GetInt("broadcast", 0) != 0)
        {
            _legacyAxis = node.Attributes.Has("axis") ? node.Attributes.GetInt("axis", 0) : long.MinValue;
        }
    }

    public override void Infer(InferContext context)
    {
        var a = context.InputShape(0);
        var b = LegacyShape(context, a, context.InputShape(1));
        var output = ShapeMath.Broadcast(a, b)
            ?? throw context.Error($"inputs '{context.InputName(0)}' {ShapeMath.Format(a)} and '{context.InputName(1)}' {ShapeMath.Format(context.InputShape(1))} cannot be broadcast together.");
        if (Node.OpType is "PRelu" && !output.AsSpan().SequenceEqual(a))
        {
            throw context.Error($"slope '{context.InputName(1)}' {ShapeMath.Format(b)} must broadcast to X {ShapeMath.Format(a)}.");
        }

        var typeA = context.InputType(0);
        var typeB = context.InputType(1);
        if (Node.OpType is not "Pow")
        {
            context.ExpectSameType(0, 1);
        }

        var plan = BroadcastPlan.Create(a, b, output);
        var kernel = Create(typeA, typeB, plan)
            ?? throw context.Error($"{Node.OpType} does not support element types {DataTypes.Name(typeA)} and {DataTypes.Name(typeB)}.");
        var outputType = Node.OpType is "Equal" or "Less" or "Greater" or "LessOrEqual" or "GreaterOrEqual" ? DataType.Bool : typeA;
        context.SetOutput(0, outputType, output);
        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private int[] LegacyShape(InferContext context, int[] a, int[] b)
    {
        if (Node.OpType is "PRelu" && Node.Opset < 7 && b.Length == 1 && a.Length > 1 && b[0] == a[1] && b[0] != a[^1])
        {
            // Before opset 7, a slope per channel applies along axis 1.
            var channel = new int[a.Length - 1];
            Array.Fill(channel, 1);
            channel[0] = b[0];
            return channel;
        }

        if (_legacyAxis is not { } legacy)
        {
            return b;
        }

        var axis = legacy == long.MinValue ? a.Length - b.Length : ShapeMath.NormalizeAxis(legacy, a.Length, Node.Description);
        if (axis < 0 || axis + b.Length > a.Length)
        {
            throw context.Error($"B {ShapeMath.Format(b)} does not fit into A {ShapeMath.Format(a)} at axis {legacy}.");
        }

        var shape = new int[a.Length - axis];
        Array.Fill(shape, 1);
        b.CopyTo(shape, 0);
        return shape;
    }

    private IStepKernel? Create(DataType typeA, DataType typeB, BroadcastPlan plan)
    {
        switch (Node.OpType)
        {
            case "And":
            case "Or":
            case "Xor":
                return typeA != DataType.Bool ? null : Node.OpType switch
                {
                    "And" => new BinaryKernel<bool, bool, bool, ScalarLoop<bool, bool, bool, BinaryOps.And>>(plan),
                    "Or" => new BinaryKernel<bool, bool, bool, ScalarLoop<bool, bool, bool, BinaryOps.Or>>(plan),
                    _ => new BinaryKernel<bool, bool, bool, ScalarLoop<bool, bool, bool, BinaryOps.Xor>>(plan),
                };
            case "Equal" when typeA == DataType.Bool:
                return new BinaryKernel<bool, bool, bool, ScalarLoop<bool, bool, bool, BinaryOps.EqualBool>>(plan);
            case "Pow" when typeA == typeB && DataTypes.IsFloatingPoint(typeA):
                return TypeDispatch.TryFloating(typeA, new PowerFactory(plan), out IStepKernel? power) ? power : null;
            case "Pow":
                return TypeDispatch.TryNumeric(typeA, new MixedPowerFactory(plan, typeB), out IStepKernel? mixed) ? mixed : null;
            case "BitShift":
                return typeA switch
                {
                    DataType.UInt8 => Shift<byte>(plan),
                    DataType.UInt16 => Shift<ushort>(plan),
                    DataType.UInt32 => Shift<uint>(plan),
                    DataType.UInt64 => Shift<ulong>(plan),
                    _ => null,
                };
            default:
                return TypeDispatch.TryNumeric(typeA, new NumericFactory(Node.OpType, _fmod, plan), out IStepKernel? kernel) ? kernel : null;
        }
    }

    private IStepKernel Shift<T>(BroadcastPlan plan)
        where T : unmanaged, IBinaryInteger<T> => _shiftLeft
        ? new BinaryKernel<T, T, T, ScalarLoop<T, T, T, BinaryOps.ShiftLeft<T>>>(plan)
        : new BinaryKernel<T, T, T, ScalarLoop<T, T, T, BinaryOps.ShiftRight<T>>>(plan);

    private readonly struct NumericFactory(string opType, bool fmod, BroadcastPlan plan) : INumericAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, INumber<T> => opType switch
            {
                "Add" => new BinaryKernel<T, T, T, BinaryOps.Add<T>>(plan),
                "Sub" => new BinaryKernel<T, T, T, BinaryOps.Subtract<T>>(plan),
                "Mul" => new BinaryKernel<T, T, T, BinaryOps.Multiply<T>>(plan),
                "Div" => new BinaryKernel<T, T, T, BinaryOps.Divide<T>>(plan),
                "Mod" when fmod => new BinaryKernel<T, T, T, ScalarLoop<T, T, T, BinaryOps.TruncatedMod<T>>>(plan),
                "Mod" => new BinaryKernel<T, T, T, ScalarLoop<T, T, T, BinaryOps.FloorMod<T>>>(plan),
                "Equal" => new BinaryKernel<T, T, bool, ScalarLoop<T, T, bool, BinaryOps.Equal<T>>>(plan),
                "Less" => new BinaryKernel<T, T, bool, ScalarLoop<T, T, bool, BinaryOps.Less<T>>>(plan),
                "LessOrEqual" => new BinaryKernel<T, T, bool, ScalarLoop<T, T, bool, BinaryOps.LessOrEqual<T>>>(plan),
                "Greater" => new BinaryKernel<T, T, bool, ScalarLoop<T, T, bool, BinaryOps.Greater<T>>>(plan),
                "GreaterOrEqual" => new BinaryKernel<T, T, bool, ScalarLoop<T, T, bool, BinaryOps.GreaterOrEqual<T>>>(plan),
                "PRelu" => new BinaryKernel<T, T, T, ScalarLoop<T, T, T, BinaryOps.PRelu<T>>>(plan),
                _ => null,
            };
    }

    private readonly struct PowerFactory(BroadcastPlan plan) : IFloatingAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, IFloatingPointIeee754<T> => new BinaryKernel<T, T, T, BinaryOps.Power<T>>(plan);
    }

    private readonly struct MixedPowerFactory(BroadcastPlan plan, DataType exponent) : INumericAction<IStepKernel?>
    {
        public IStepKernel? Invoke<TA>()
            where TA : unmanaged, INumber<TA> =>
            TypeDispatch.TryNumeric(exponent, new ExponentFactory<TA>(plan), out IStepKernel? kernel) ? kernel : null;
    }

    private readonly struct ExponentFactory<TA>(BroadcastPlan plan) : INumericAction<IStepKernel?>
        where TA : unmanaged, INumber<TA>
    {
        public IStepKernel? Invoke<TB>()
            where TB : unmanaged, INumber<TB> => new BinaryKernel<TA, TB, TA, ScalarLoop<TA, TB, TA, BinaryOps.MixedPower<TA, TB>>>(plan);
    }
}
