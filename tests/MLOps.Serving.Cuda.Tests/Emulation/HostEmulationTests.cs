using MLOps.Serving.Cuda.Lowering;
using MLOps.Serving.Cuda.Verification;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Cuda.Tests.Emulation;

/// <summary>
/// The device plans executed on the CPU: real kernel sources (compiled by g++ with CUDA stand-ins, run as
/// one thread), the executor's argument blocks, cuBLAS's column-major GEMM semantics, separate device and
/// host memory with the planned copies, against the CPU executor at the GPU check's tolerance. This checks
/// the kernels' arithmetic, argument order and layout, and the lowering end to end; it cannot check NVRTC,
/// the driver, parallel execution or timing. Skips without g++.
/// </summary>
public sealed class HostEmulationTests
{
    public static TheoryData<string> Ops() => [.. CoveredOpModels.Names];

    [SkippableTheory]
    [MemberData(nameof(Ops))]
    public void Each_covered_op_matches_the_CPU_executor_when_emulated(string op)
    {
        Skip.IfNot(HostKernelCompiler.Available, "g++ is not installed.");
        var (bytes, shapes) = CoveredOpModels.Create(op);
        var inputs = shapes.Select((shape, i) =>
        {
            var values = CoveredOpModels.RandomValues(shape.Aggregate(1, (a, b) => a * b), 40 + i, 2f);
            return op is "Log" or "Sqrt" ? [.. values.Select(v => MathF.Abs(v) + 0.05f)] : values;
        }).ToArray();

        var error = Compare(bytes, shapes, inputs, allowFallback: false);

        Assert.True(error <= OpAgreement.Tolerance, $"{op}: max relative error {error}");
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(64)]
    public void The_MLP_matches_the_CPU_executor_when_emulated(int batch)
    {
        Skip.IfNot(HostKernelCompiler.Available, "g++ is not installed.");

        var error = Compare(SyntheticModels.Mlp([256, 512, 512, 10]), [[batch, 256]], [CoveredOpModels.RandomValues(batch * 256, batch)], allowFallback: false);

        Assert.True(error <= OpAgreement.Tolerance, $"max relative error {error}");
    }

    [SkippableFact]
    public void Copies_around_CPU_fallback_nodes_carry_the_right_values()
    {
        Skip.IfNot(HostKernelCompiler.Available, "g++ is not installed.");

        var error = Compare(Plans.Chain(33, "Relu", "Sin", "Cos", "Tanh", "Floor", "Abs", "Exp"), [[5, 33]], [CoveredOpModels.RandomValues(5 * 33, 9, 3f)], allowFallback: true);

        Assert.True(error <= OpAgreement.Tolerance, $"max relative error {error}");
    }

    [SkippableFact]
    public void Transposed_and_batched_GEMMs_match_when_emulated()
    {
        Skip.IfNot(HostKernelCompiler.Available, "g++ is not installed.");
        var gemm = new OnnxModelBuilder()
            .AddInput("a", TensorElementType.Float32, 3, "M")
            .AddInput("b", TensorElementType.Float32, 5, 3)
            .AddNode("Gemm", ["a", "b"], ["y"], a => a.Set("transA", 1L).Set("transB", 1L).Set("alpha", 0.5f))
            .AddOutput("y", TensorElementType.Float32, "M", 5)
            .ToBytes();

        Assert.True(Compare(gemm, [[3, 4], [5, 3]], [CoveredOpModels.RandomValues(12, 1), CoveredOpModels.RandomValues(15, 2)], allowFallback: false) <= OpAgreement.Tolerance);
        var (matmul, shapes) = CoveredOpModels.Create("MatMul");
        Assert.True(Compare(matmul, shapes, [.. shapes.Select((s, i) => CoveredOpModels.RandomValues(s.Aggregate(1, (x, y) => x * y), i))], allowFallback: false) <= OpAgreement.Tolerance);
    }

    private static double Compare(byte[] bytes, int[][] shapes, float[][] inputs, bool allowFallback)
    {
        using var cpu = OnnxModel.Load(bytes);
        var (_, plan) = (cpu, cpu.Executor.GetPlan([.. shapes.SelectMany(s => s.Prepend(s.Length))])!);
        var device = CudaLowering.Lower(plan, allowFallback);
        var named = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < shapes.Length; i++)
        {
            named[cpu.Signature.Inputs[i].Name] = Tensor.Create((float[])inputs[i].Clone(), shapes[i]);
        }

        var expected = cpu.Run(named);
        using var emulator = new HostPlanEmulator(device, HostKernelCompiler.Get);
        var actual = emulator.Run(inputs, cpu.Executor.Runner);
        var worst = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            worst = Math.Max(worst, OpAgreement.MaxRelativeError(actual[i], ((Tensor<float>)expected[cpu.Signature.Outputs[i].Name]).Span));
        }

        return worst;
    }
}
