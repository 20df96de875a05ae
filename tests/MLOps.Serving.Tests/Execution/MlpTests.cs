using MLOps.Tensors;

namespace MLOps.Serving.Tests.Execution;

public sealed class MlpTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(130)]
    public void Mlp_matches_a_double_precision_reference_at_every_batch_size(int batch)
    {
        var (bytes, layers) = TestModels.Mlp(256, 512, 512, 10);
        using var model = OnnxModel.Load(bytes, new InferenceOptions { ThreadCount = 2 });
        var input = TestModels.Random(batch * 256, batch);
        var outputs = model.Run(new Dictionary<string, Tensor> { ["input"] = Tensor.Create(input, batch, 256) });
        var output = (Tensor<float>)outputs["output"];
        Assert.Equal(new TensorShape(batch, 10), output.Shape);
        TestModels.AssertClose(TestModels.MlpReference(layers, input, batch), output.Span);
    }

    [Fact]
    public void Gemm_relu_pairs_are_fused_and_give_the_same_result_as_the_unoptimized_graph()
    {
        var (bytes, _) = TestModels.Mlp(16, 40, 33, 5);
        using var optimized = OnnxModel.Load(bytes);
        using var plain = OnnxModel.Load(bytes, new InferenceOptions { Optimize = false });
        Assert.Equal(4, optimized.OptimizedNodeCount);
        Assert.Equal(6, plain.OptimizedNodeCount);
        var input = Tensor.Create(TestModels.Random(7 * 16, 3), 7, 16);
        var a = (Tensor<float>)optimized.Run(new Dictionary<string, Tensor> { ["input"] = input })["output"];
        var b = (Tensor<float>)plain.Run(new Dictionary<string, Tensor> { ["input"] = input })["output"];
        TestModels.AssertClose(b.Span, a.Span);
    }

    [Fact]
    public void Signature_reports_symbolic_batch_and_fixed_feature_dimensions()
    {
        var (bytes, layers) = TestModels.Mlp(8, 4, 3);
        using var model = OnnxModel.Load(bytes);
        var input = Assert.Single(model.Signature.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal(TensorElementType.Float32, input.ElementType);
        Assert.Equal("N", input.Dimensions![0].Symbol);
        Assert.Equal(8, input.Dimensions[1].Size);
        Assert.Equal("input: FP32 [N, 8]", input.ToString());
        Assert.Equal((8 * 4) + 4 + (4 * 3) + 3, model.ParameterCount);
        Assert.Equal(2, model.OperatorHistogram["Gemm"]);
        Assert.Equal(17, model.OpsetImports["ai.onnx"]);
        Assert.Equal(2, layers.Count);
    }

    [Fact]
    public void Output_shapes_are_inferred_with_the_batch_symbol_when_the_file_leaves_them_out()
    {
        var builder = new Onnx.OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "batch", 3)
            .AddInitializer("w", Tensor.Create(TestModels.Random(6, 1), 3, 2))
            .AddNode("MatMul", ["x", "w"], ["y"])
            .AddOutput("y");
        using var model = OnnxModel.Load(builder.ToBytes());
        var output = Assert.Single(model.Signature.Outputs);
        Assert.Equal(TensorElementType.Float32, output.ElementType);
        Assert.Equal("batch", output.Dimensions![0].Symbol);
        Assert.Equal(2, output.Dimensions[1].Size);
    }
}
