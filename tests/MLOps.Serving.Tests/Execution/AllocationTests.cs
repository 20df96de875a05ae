using MLOps.Tensors;

namespace MLOps.Serving.Tests.Execution;

[Collection(nameof(AllocationTests))]
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 16)]
    [InlineData(2, 100)]
    public void Steady_state_inference_into_caller_outputs_allocates_nothing(int threads, int batch)
    {
        var (bytes, _) = TestModels.Mlp(64, 128, 32, 10);
        using var model = OnnxModel.Load(bytes, new InferenceOptions { ThreadCount = threads });
        var inputs = new Tensor[] { Tensor.Create(TestModels.Random(batch * 64, 1), batch, 64) };
        var outputs = new Tensor[] { Tensor.Zeros<float>(batch, 10) };
        for (var i = 0; i < 5; i++)
        {
            model.Run(inputs, outputs);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            model.Run(inputs, outputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Steady_state_tree_ensemble_and_convolution_allocate_nothing()
    {
        foreach (var (bytes, input) in new[] { Operators.TreeEnsembleTests.RegressorModel(), Operators.TreeEnsembleTests.RankedForestModel(), Operators.TreeEnsembleTests.CompactForestModel(), Operators.ConvTests.SmallCnn() })
        {
            using var model = OnnxModel.Load(bytes, new InferenceOptions { ThreadCount = 2 });
            var inputs = new Tensor[] { input };
            var shapes = model.GetOutputShapes([input.Shape]);
            var outputs = shapes.Select(s => (Tensor)Tensor.Zeros<float>(s)).ToArray();
            model.Run(inputs, outputs);
            model.Run(inputs, outputs);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++)
            {
                model.Run(inputs, outputs);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
