using MLOps.Tensors;

namespace MLOps.Serving.Tests.Execution;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task One_model_serves_concurrent_calls_of_mixed_batch_sizes_correctly()
    {
        var (bytes, layers) = TestModels.Mlp(32, 64, 16, 4);
        using var model = OnnxModel.Load(bytes, new InferenceOptions { ThreadCount = 2 });
        var tasks = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 25; i++)
            {
                var batch = 1 + ((worker + i) % 5);
                var input = TestModels.Random(batch * 32, (worker * 100) + i);
                var output = (Tensor<float>)model.Run(new Dictionary<string, Tensor> { ["input"] = Tensor.Create(input, batch, 32) })["output"];
                TestModels.AssertClose(TestModels.MlpReference(layers, input, batch), output.Span);
            }
        }));
        await Task.WhenAll(tasks);
    }
}
