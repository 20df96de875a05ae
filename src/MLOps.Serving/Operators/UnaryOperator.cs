using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>
/// One-input element-wise functions: math (Sqrt, Exp, Log, trig, …) and activations (Relu,
/// LeakyRelu, Elu, Selu, Sigmoid, HardSigmoid, Tanh, Softplus, Softsign, Gelu, …). Floating types
/// run through TensorPrimitives; Abs, Neg, Sign and Relu also take integers.
/// </summary>
internal sealed class UnaryOperator : Operator
{
    public static readonly string[] Functions =
    [
        "Sqrt", "Exp", "Log", "Abs", "Neg", "Reciprocal", "Floor", "Ceil", "Relu", "LeakyRelu", "Elu", "Selu", "Sigmoid",
        "HardSigmoid", "Tanh", "Softplus", "Softsign", "Erf", "Gelu", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh",
        "Cosh", "Asinh", "Acosh", "Atanh", "Sign", "Round", "ThresholdedRelu", "Celu", "HardSwish", "Mish", "IsNaN", "IsInf",
    ];

    private readonly UnaryFunction _function;

    public UnaryOperator(Node node)
        : base(node)
    {
        var attributes = node.Attributes;
        var alpha = node.OpType switch
        {
            "LeakyRelu" => attributes.GetFloat("alpha", 0.01f),
            "Elu" or "Celu" or "ThresholdedRelu" => attributes.GetFloat("alpha", 1f),
            "Selu" => attributes.GetFloat("alpha", 1.67326319217681884765625f),
            "HardSigmoid" => attributes.GetFloat("alpha", 0.2f),
            _ => 0f,
        };
        var beta = node.OpType is "HardSigmoid" ? attributes.GetFloat("beta", 0.5f) : 0f;
        var gamma = node.OpType is "Selu" ? attributes.GetFloat("gamma", 1.05070102214813232421875f) : 0f;
        var tanh = node.OpType is "Gelu" && attributes.GetString("approximate", "none") is "tanh";
        if (node.OpType is "IsInf")
        {
            alpha = attributes.GetInt("detect_negative", 1);
            beta = attributes.GetInt("detect_positive", 1);
        }

        _function = new UnaryFunction(node.OpType, alpha, beta, gamma, tanh);
    }

    public override void Infer(InferContext context)
    {
        var type = context.InputType(0);
        IStepKernel? kernel = null;
        if (DataTypes.IsFloatingPoint(type))
        {
            TypeDispatch.TryFloating(type, new FloatingFactory(_function), out kernel);
        }
        else if (Node.OpType is "Abs" or "Neg" or "Sign" or "Relu")
        {
            TypeDispatch.TryNumeric(type, new IntegerFactory(_function), out kernel);
        }

        if (kernel is null)
        {
            throw context.Error($"{Node.OpType} does not support element type {DataTypes.Name(type)} (input '{context.InputName(0)}').");
        }

        var outputType = Node.OpType is "IsNaN" or "IsInf" ? DataType.Bool : type;
        context.SetOutput(0, outputType, context.InputShape(0));
        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private readonly struct FloatingFactory(UnaryFunction function) : IFloatingAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, IFloatingPointIeee754<T> => new FloatingUnaryKernel<T>(function);
    }

    private readonly struct IntegerFactory(UnaryFunction function) : INumericAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, INumber<T> => new IntegerUnaryKernel<T>(function.Name);
    }
}
