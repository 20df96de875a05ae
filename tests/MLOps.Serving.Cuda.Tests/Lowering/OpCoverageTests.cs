using MLOps.Serving.Cuda.Lowering;
using MLOps.Serving.Cuda.Verification;

namespace MLOps.Serving.Cuda.Tests.Lowering;

/// <summary>Every op the docs list as covered lowers to the GPU, and every kernel it launches is defined by its source.</summary>
public sealed class OpCoverageTests
{
    public static TheoryData<string> Ops() => [.. CoveredOpModels.Names];

    [Theory]
    [MemberData(nameof(Ops))]
    public void Each_covered_op_lowers_without_fallback(string op)
    {
        var (model, shapes) = CoveredOpModels.Create(op);

        var plan = Plans.Lower(model, shapes);

        Assert.Empty(plan.Fallbacks);
        Assert.False(plan.HasHostSteps);
        foreach (var kernel in plan.Steps.SelectMany(s => s.Kernels))
        {
            Assert.Contains($"extern \"C\" __global__ void {kernel.Entry}(", kernel.Source, StringComparison.Ordinal);
            Assert.InRange(kernel.Grid, 1u, 65_535u);
            Assert.All(kernel.Arguments.Where(a => a.Kind == KernelArgumentKind.Buffer && a.Slot >= 0), a => Assert.True(a.Slot < plan.Plan.Slots.Length));
        }
    }

    [Fact]
    public void The_documented_list_matches_the_lowering()
    {
        Assert.Equal(32, CudaLowering.CoveredOps.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Broadcast_binary_ops_pass_zero_strides_for_broadcast_dimensions()
    {
        var (model, shapes) = CoveredOpModels.Create("Add");
        var kernel = Plans.Lower(model, shapes).Steps.Single(s => s.Kind == DeviceStepKind.Kernel).Kernels[0];
        var ints = kernel.Arguments[3].Ints!;

        Assert.Equal(3, ints[0]);
        Assert.Equal(24, ints[1]);
        Assert.Equal([2, 3, 4], ints[2..5]);
        Assert.Equal([12, 4, 1], ints[8..11]);
        Assert.Equal([0, 1, 0], ints[14..17]);
    }

    [Fact]
    public void Gemm_with_a_constant_C_folds_beta_times_C_into_the_epilogue_bias()
    {
        var (model, shapes) = CoveredOpModels.Create("Gemm");
        var step = Plans.Lower(model, shapes).Steps.Single(s => s.Kind == DeviceStepKind.Gemm);

        Assert.Equal(0.7f, step.Gemm!.Alpha);
        var bias = step.Kernels[0].Arguments[1].Floats!;
        Assert.Equal(1.3f * Plans.Random(4, 2)[0], bias[0], 6);
    }
}
