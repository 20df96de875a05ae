using MLOps.Serving.Cuda.Verification;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Cuda.Tests.Gpu;

/// <summary>Needs a CUDA device: skips visibly without one (the reason lists what was searched). The check console runs the same comparisons on a GPU machine.</summary>
public sealed class CudaExecutorGpuTests
{
    private static readonly (bool Available, string Report) Cuda = CudaExecutor.Probe();

    public static TheoryData<string> Ops() => [.. CoveredOpModels.Names];

    [SkippableTheory]
    [MemberData(nameof(Ops))]
    public void Each_covered_op_matches_the_CPU_executor(string op)
    {
        Skip.IfNot(Cuda.Available, Cuda.Report);

        var (error, elements) = OpAgreement.Compare(op, new CudaOptions(), seed: 17);

        Assert.True(elements > 0);
        Assert.True(error <= OpAgreement.Tolerance, $"{op}: max relative error {error}");
    }

    [SkippableTheory]
    [InlineData(1, false, false)]
    [InlineData(64, true, false)]
    [InlineData(1000, false, true)]
    [InlineData(1024, true, true)]
    public void The_MLP_matches_the_CPU_executor(int batch, bool graphs, bool pad)
    {
        Skip.IfNot(Cuda.Available, Cuda.Report);
        var bytes = SyntheticModels.Mlp([256, 512, 512, 10]);
        using var cpu = OnnxModel.Load(bytes);
        using var gpu = CudaExecutor.Load(bytes, new CudaOptions { UseCudaGraphs = graphs, PadToBatchBuckets = pad, AllowCpuFallback = false });
        var input = new Dictionary<string, Tensor> { ["input"] = Tensor.Create(CoveredOpModels.RandomValues(batch * 256, batch), batch, 256) };

        for (var run = 0; run < 3; run++)
        {
            var expected = ((Tensor<float>)cpu.Run(input)["output"]).Span;
            var actual = (Tensor<float>)gpu.Run(input)["output"];

            Assert.Equal([batch, 10], actual.Shape.Dimensions.ToArray());
            Assert.True(OpAgreement.MaxRelativeError(actual.Span, expected) <= OpAgreement.Tolerance);
        }
    }

    [SkippableFact]
    public void A_model_with_CPU_fallback_nodes_matches_the_CPU_executor()
    {
        Skip.IfNot(Cuda.Available, Cuda.Report);
        var bytes = Plans.Chain(33, "Relu", "Sin", "Cos", "Tanh", "Floor", "Abs");
        using var cpu = OnnxModel.Load(bytes);
        using var gpu = CudaExecutor.Load(bytes);
        var input = new Dictionary<string, Tensor> { ["x"] = Tensor.Create(CoveredOpModels.RandomValues(5 * 33, 3, 4f), 5, 33) };

        var expected = ((Tensor<float>)cpu.Run(input)["y"]).Span;
        var actual = ((Tensor<float>)gpu.Run(input)["y"]).Span;

        Assert.True(OpAgreement.MaxRelativeError(actual, expected) <= OpAgreement.Tolerance);
    }

    [SkippableFact]
    public void Fallback_off_fails_at_load_naming_the_node()
    {
        Skip.IfNot(Cuda.Available, Cuda.Report);

        var error = Assert.Throws<ValidationException>(() => CudaExecutor.Load(Plans.Chain(4, "Relu", "Sin"), new CudaOptions { AllowCpuFallback = false }));

        Assert.Contains("n1_Sin", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_device_is_described()
    {
        Skip.IfNot(Cuda.Available, Cuda.Report);

        var device = CudaExecutor.GetDevice(0);

        Assert.False(string.IsNullOrWhiteSpace(device.Name));
        Assert.True(device.ComputeMajor >= 3);
        Assert.True(device.TotalMemoryBytes > 0);
    }
}
