using MLOps.Serving.Onnx;
using MLOps.Tracking;

namespace MLOps.Samples.AspNetInference;

/// <summary>Registers a synthetic churn model as <c>model:churn@champion</c> when the workspace has none, so the sample starts on an empty workspace.</summary>
internal static class ChampionBootstrap
{
    public static async Task EnsureChampionAsync(string workspacePath)
    {
        await using var tracking = await TrackingStore.OpenAsync(workspacePath);
        var models = await tracking.Models.ListModelsAsync();
        if (models.Any(m => string.Equals(m.Name, "churn", StringComparison.Ordinal)))
        {
            return;
        }

        await using var run = await tracking.StartRunAsync("churn", "synthetic-bootstrap");
        await run.LogArtifactAsync("model/churn.onnx", new MemoryStream(ChurnOnnx()));
        var version = await tracking.Models.RegisterVersionAsync("churn", run.Id, "model/churn.onnx");
        await tracking.Models.SetAliasAsync("churn", "champion", version.Version);
    }

    /// <summary>A logistic regression with the quickstart model's signature: features [N, 3] → churn_probability [N, 1].</summary>
    private static byte[] ChurnOnnx() => new OnnxModelBuilder("churn")
        .AddInput("features", MLOps.Tensors.TensorElementType.Float32, "N", 3)
        .AddInitializer("w", MLOps.Tensors.Tensor.Create(new float[] { -0.1f, 0.04f, -0.5f }, 3, 1))
        .AddInitializer("b", MLOps.Tensors.Tensor.Create(new float[] { -0.5f }, 1))
        .AddNode("Gemm", ["features", "w", "b"], ["logit"])
        .AddNode("Sigmoid", ["logit"], ["churn_probability"])
        .AddOutput("churn_probability", MLOps.Tensors.TensorElementType.Float32, "N", 1)
        .ToBytes();
}
