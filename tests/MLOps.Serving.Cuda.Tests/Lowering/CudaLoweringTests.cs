using MLOps.Serving.Cuda.Lowering;
using MLOps.Serving.Execution;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Cuda.Tests.Lowering;

/// <summary>Which nodes lower to the GPU, where host↔device copies go, and how memory is laid out: all without a GPU.</summary>
public sealed class CudaLoweringTests
{
    [Fact]
    public void The_MLP_runs_entirely_on_the_GPU_with_one_upload_and_one_download()
    {
        var plan = Plans.Lower(SyntheticModels.Mlp([256, 512, 512, 10]), [64, 256]);

        Assert.Empty(plan.Fallbacks);
        Assert.False(plan.HasHostSteps);
        Assert.Equal(
            [DeviceStepKind.Upload, DeviceStepKind.Gemm, DeviceStepKind.Gemm, DeviceStepKind.Gemm, DeviceStepKind.Kernel, DeviceStepKind.Download],
            plan.Steps.Select(s => s.Kind));
        Assert.Equal(2, plan.CopyCount);
    }

    [Fact]
    public void Gemm_with_fused_bias_and_relu_becomes_one_cuBLAS_call_and_one_epilogue()
    {
        var plan = Plans.Lower(SyntheticModels.Mlp([256, 512, 512, 10]), [64, 256]);
        var first = plan.Steps.First(s => s.Kind == DeviceStepKind.Gemm);

        Assert.Equal((64, 512, 256), (first.Gemm!.M, first.Gemm.N, first.Gemm.K));
        Assert.Equal(1, first.Gemm.BatchCount);
        var epilogue = Assert.Single(first.Kernels);
        Assert.Equal("mlops_bias_Relu", epilogue.Entry);
        Assert.Equal(KernelArgumentKind.ConstantFloats, epilogue.Arguments[1].Kind);
        Assert.Equal(512, epilogue.Arguments[1].Floats!.Length);
        var last = plan.Steps.Last(s => s.Kind == DeviceStepKind.Gemm);
        Assert.Equal("mlops_bias_Identity", Assert.Single(last.Kernels).Entry);
        Assert.Equal("mlops_softmax_rows", Assert.Single(plan.Steps.Single(s => s.Kind == DeviceStepKind.Kernel).Kernels).Entry);
    }

    [Fact]
    public void An_uncovered_node_runs_on_the_CPU_between_a_download_and_an_upload()
    {
        var plan = Plans.Lower(Plans.Chain(8, "Relu", "Sin", "Relu"), [2, 8]);

        Assert.Equal(
            ["Upload slot 0", "Kernel n0_Relu", "Download slot 1", "Host n1_Sin", "Upload slot 2", "Kernel n2_Relu", "Download slot 3"],
            plan.Steps.Select(s => s.ToString()));
        var fallback = Assert.Single(plan.Fallbacks);
        Assert.Equal(("n1_Sin", "Sin"), (fallback.Node, fallback.OpType));
        Assert.Contains("no CUDA kernel", fallback.Reason, StringComparison.Ordinal);
        Assert.True(plan.HasHostSteps);
    }

    [Fact]
    public void Consecutive_CPU_nodes_share_their_copies()
    {
        var plan = Plans.Lower(Plans.Chain(8, "Sin", "Cos", "Relu", "Floor", "Ceil"), [3, 8]);

        Assert.Equal(
            [DeviceStepKind.Host, DeviceStepKind.Host, DeviceStepKind.Upload, DeviceStepKind.Kernel, DeviceStepKind.Download, DeviceStepKind.Host, DeviceStepKind.Host],
            plan.Steps.Select(s => s.Kind));
        Assert.Equal(4, plan.Fallbacks.Count);
    }

    [Fact]
    public void A_graph_of_only_CPU_nodes_needs_no_copies()
    {
        var plan = Plans.Lower(Plans.Chain(4, "Sin", "Cos"), [1, 4]);

        Assert.Equal(0, plan.CopyCount);
        Assert.All(plan.Steps, s => Assert.Equal(DeviceStepKind.Host, s.Kind));
    }

    [Fact]
    public void With_fallback_off_an_uncovered_node_fails_naming_the_node_and_op()
    {
        var (model, cpuPlan) = Plans.Build(Plans.Chain(8, "Relu", "Sin"), [2, 8]);
        using (model)
        {
            var error = Assert.Throws<ValidationException>(() => CudaLowering.Lower(cpuPlan, allowCpuFallback: false));

            Assert.Contains("node 'n1_Sin' (Sin", error.Message, StringComparison.Ordinal);
            Assert.Contains("AllowCpuFallback", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Non_float_tensors_fall_back_with_the_type_named()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Int32, "N", 4)
            .AddNode("Relu", ["x"], ["r"], name: "int_relu")
            .AddNode("Abs", ["r"], ["y"], name: "int_abs")
            .AddOutput("y", TensorElementType.Int32, "N", 4)
            .ToBytes();

        var plan = Plans.Lower(bytes, [2, 4]);

        Assert.Equal(2, plan.Fallbacks.Count);
        Assert.Contains("int32", plan.Fallbacks[0].Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Reshape_and_Flatten_are_views_with_no_step_and_no_memory()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", 2, 3)
            .AddInitializer("shape", Tensor.Create(new long[] { -1, 6 }, 2))
            .AddNode("Relu", ["x"], ["r"])
            .AddNode("Reshape", ["r", "shape"], ["s"])
            .AddNode("Flatten", ["s"], ["f"], a => a.Set("axis", 1L))
            .AddNode("Tanh", ["f"], ["y"])
            .AddOutput("y", TensorElementType.Float32, "N", 6)
            .ToBytes();

        var plan = Plans.Lower(bytes, [4, 2, 3]);

        Assert.Equal([DeviceStepKind.Upload, DeviceStepKind.Kernel, DeviceStepKind.Kernel, DeviceStepKind.Download], plan.Steps.Select(s => s.Kind));
        Assert.Equal(4, plan.LoweredNodes);
        var tanh = plan.Steps[2].Kernels[0];
        Assert.Equal(plan.Layout.Offsets[plan.Steps[1].Kernels[0].Arguments[1].Slot], plan.Layout.Offsets[tanh.Arguments[0].Slot]);
    }

    [Fact]
    public void Intermediates_reuse_memory_by_liveness()
    {
        var (model, cpuPlan) = Plans.Build(Plans.Chain(1000, "Relu", "Tanh", "Sigmoid", "Abs", "Neg", "Exp", "Relu", "Tanh"), [16, 1000]);
        using (model)
        {
            var plan = CudaLowering.Lower(cpuPlan, allowCpuFallback: true);
            var slotBytes = 16L * 1000 * 4;
            var intermediates = cpuPlan.Slots.Count(s => s.Kind == SlotKind.Arena);

            Assert.Equal(8, intermediates);
            Assert.True(cpuPlan.ArenaBytes <= 2 * slotBytes + 512, $"arena {cpuPlan.ArenaBytes} bytes for {intermediates} slots of {slotBytes}");
            Assert.True(plan.Layout.TotalBytes < intermediates * slotBytes);
            foreach (var step in plan.Steps.Where(s => s.Kind == DeviceStepKind.Kernel))
            {
                var input = plan.Layout.Offsets[step.Kernels[0].Arguments[0].Slot];
                var output = plan.Layout.Offsets[step.Kernels[0].Arguments[1].Slot];
                Assert.True(input + slotBytes <= output || output + slotBytes <= input, "an op's input and output must not overlap");
            }
        }
    }

    [Fact]
    public void Graph_inputs_are_placed_after_the_arena_and_constants_outside_it()
    {
        var (model, cpuPlan) = Plans.Build(SyntheticModels.Mlp([8, 4, 2]), [3, 8]);
        using (model)
        {
            var layout = DeviceLayout.Create(cpuPlan);
            var input = cpuPlan.InputSlots[0];

            Assert.True(layout.Offsets[input] >= cpuPlan.ArenaBytes);
            Assert.Equal(0, layout.Offsets[input] % 256);
            Assert.True(layout.TotalBytes >= layout.Offsets[input] + cpuPlan.Slots[input].ByteSize);
            Assert.All(Enumerable.Range(0, cpuPlan.Slots.Length).Where(i => cpuPlan.Slots[i].Kind == SlotKind.Constant), i => Assert.Equal(-1, layout.Offsets[i]));
        }
    }

    [Fact]
    public void Batched_MatMul_between_activations_uses_a_strided_batched_GEMM()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("a", TensorElementType.Float32, "N", 4, 3)
            .AddInput("b", TensorElementType.Float32, "N", 3, 5)
            .AddNode("MatMul", ["a", "b"], ["y"])
            .AddOutput("y", TensorElementType.Float32, "N", 4, 5)
            .ToBytes();

        var gemm = Plans.Lower(bytes, [6, 4, 3], [6, 3, 5]).Steps.Single(s => s.Kind == DeviceStepKind.Gemm).Gemm!;

        Assert.Equal((4, 5, 3, 6), (gemm.M, gemm.N, gemm.K, gemm.BatchCount));
        Assert.Equal((12L, 15L, 20L), (gemm.StrideA, gemm.StrideB, gemm.StrideOutput));
    }

    [Fact]
    public void MatMul_by_a_matrix_flattens_the_leading_dimensions_and_Gemm_honours_transposes()
    {
        var matmul = new OnnxModelBuilder()
            .AddInput("a", TensorElementType.Float32, "N", 7, 3)
            .AddInput("b", TensorElementType.Float32, 3, 5)
            .AddNode("MatMul", ["a", "b"], ["y"])
            .AddOutput("y", TensorElementType.Float32, "N", 7, 5)
            .ToBytes();
        var gemm = new OnnxModelBuilder()
            .AddInput("a", TensorElementType.Float32, 3, "M")
            .AddInput("b", TensorElementType.Float32, 5, 3)
            .AddNode("Gemm", ["a", "b"], ["y"], a => a.Set("transA", 1L).Set("transB", 1L).Set("alpha", 0.5f))
            .AddOutput("y", TensorElementType.Float32, "M", 5)
            .ToBytes();

        var flattened = Plans.Lower(matmul, [2, 7, 3], [3, 5]).Steps.Single(s => s.Kind == DeviceStepKind.Gemm).Gemm!;
        var transposed = Plans.Lower(gemm, [3, 4], [5, 3]).Steps.Single(s => s.Kind == DeviceStepKind.Gemm).Gemm!;

        Assert.Equal((14, 5, 3, 1), (flattened.M, flattened.N, flattened.K, flattened.BatchCount));
        Assert.Equal((4, 5, 3, true, true, 0.5f), (transposed.M, transposed.N, transposed.K, transposed.TransA, transposed.TransB, transposed.Alpha));
        Assert.Equal((4, 3), (transposed.LeadingA, transposed.LeadingB));
    }
}
