using MLOps.Serving.Cuda.Kernels;
using MLOps.Serving.Execution;
using MLOps.Serving.Graph;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Cuda.Lowering;

/// <content>Gemm and MatMul through cuBLAS, with the bias and activation epilogue kernel.</content>
internal sealed partial class StepLowering
{
    private DeviceStep LowerGemm()
    {
        var op = (GemmOperator)_step.Operator;
        var attributes = _node.Attributes;
        var transA = attributes.GetInt("transA", 0) != 0;
        var transB = attributes.GetInt("transB", 0) != 0;
        var a = FloatShape(0);
        var b = FloatShape(1);
        if (a.Length != 2 || b.Length != 2)
        {
            throw new NotSupportedException("Gemm inputs must be matrices");
        }

        var m = transA ? a[1] : a[0];
        var k = transA ? a[0] : a[1];
        var n = transB ? b[0] : b[1];
        var bias = op.FusedBias;
        if (bias is null && _step.Inputs.Length > 2 && _step.Inputs[2] >= 0)
        {
            bias = ColumnBias(_step.Inputs[2], n, attributes.GetFloat("beta", 1f));
        }

        var gemm = new GemmSpec(_step.Inputs[0], _step.Inputs[1], Output, m, n, k, transA, transB, attributes.GetFloat("alpha", 1f), 1, 0, 0, 0);
        return DeviceStep.Matmul(_node, gemm, Epilogue(bias, op.Activation?.Name, m * n, n));
    }

    private DeviceStep LowerMatMul()
    {
        var op = (MatMulOperator)_step.Operator;
        var a = FloatShape(0);
        var b = FloatShape(1);
        if (a.Length < 2 || b.Length < 2)
        {
            throw new NotSupportedException("MatMul with a vector operand is not covered");
        }

        var k = a[^1];
        var n = b[^1];
        GemmSpec gemm;
        int m;
        if (b.Length == 2)
        {
            m = ShapeMath.Product(a, 0, a.Length - 1);
            gemm = new GemmSpec(_step.Inputs[0], _step.Inputs[1], Output, m, n, k, false, false, 1f, 1, 0, 0, 0);
        }
        else if (a.Length == b.Length && a.AsSpan(0, a.Length - 2).SequenceEqual(b.AsSpan(0, b.Length - 2)))
        {
            m = a[^2];
            var batch = ShapeMath.Product(a, 0, a.Length - 2);
            gemm = new GemmSpec(_step.Inputs[0], _step.Inputs[1], Output, m, n, k, false, false, 1f, batch, (long)m * k, (long)k * n, (long)m * n);
        }
        else
        {
            throw new NotSupportedException("MatMul with broadcast batch dimensions is not covered");
        }

        return DeviceStep.Matmul(_node, gemm, Epilogue(op.Bias, op.Activation?.Name, _plan.Slots[Output].Length, n));
    }

    private KernelLaunchSpec? Epilogue(float[]? bias, string? activation, int count, int columns)
    {
        activation ??= "Identity";
        if (activation is not ("Identity" or "Relu" or "Sigmoid" or "Tanh"))
        {
            throw new NotSupportedException($"the fused {activation} epilogue is not covered");
        }

        if (bias is null && string.Equals(activation, "Identity", StringComparison.Ordinal))
        {
            return null;
        }

        return new KernelLaunchSpec(
            CudaKernelSources.BiasActivationEntry(activation),
            CudaKernelSources.BiasActivation(activation),
            KernelLaunchSpec.GridFor(count),
            KernelLaunchSpec.DefaultBlock,
            0,
            [KernelArgument.Buffer(Output), bias is null ? KernelArgument.Buffer(-1) : KernelArgument.Constant(bias), KernelArgument.Int(count), KernelArgument.Int(columns), KernelArgument.Int(bias is null ? 0 : 1), KernelArgument.Float(0), KernelArgument.Float(0)]);
    }

    private float[] ColumnBias(int slot, int n, float beta)
    {
        var c = _plan.Slots[slot];
        if (c.Kind != SlotKind.Constant || c.Type != DataType.Float)
        {
            throw new NotSupportedException("Gemm's C is not a constant float tensor");
        }

        var values = c.Constant!.Span<float>();
        var shape = c.Shape;
        var isRow = (shape.Length == 1 && shape[0] == n) || (shape.Length == 2 && shape[0] == 1 && shape[1] == n);
        var isScalar = c.Length == 1;
        if (!isRow && !isScalar)
        {
            throw new NotSupportedException("Gemm's C is not a row vector or scalar");
        }

        var bias = new float[n];
        for (var j = 0; j < n; j++)
        {
            bias[j] = beta * values[isScalar ? 0 : j];
        }

        return bias;
    }
}
