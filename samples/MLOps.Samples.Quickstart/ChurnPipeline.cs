using MLOps.Data;
using MLOps.DataVersioning;
using MLOps.FeatureStore;
using MLOps.Lineage;
using MLOps.Pipelines;
using MLOps.Tensors;
using MLOps.Tracking;

namespace MLOps.Samples.Quickstart;

/// <summary>
/// The training pipeline: load a dataset version → point-in-time training set from the feature store →
/// train (a tracked run: params, per-epoch metrics, the dataset as input, the model files) → evaluate →
/// register, moving "champion" only when the new model beats the current one. Every step is cached by
/// its inputs, so a second run over the same dataset version is served entirely from the cache.
/// </summary>
internal static class ChurnPipeline
{
    private const int Epochs = 200;
    private const double LearningRate = 0.5;

    public static Pipeline Build(DataRepository data, FeatureRepository features, TrackingStore tracking)
    {
        var builder = new PipelineBuilder("churn-training");
        var commit = builder.Parameter<string>("dataset_commit");
        var customers = builder.Step<string, RecordBatch>("load", commit, async (id, context, ct) =>
        {
            context.AddLineageInput(new DatasetReference("quickstart", id));
            return await data.ReadCsvAsync(id, "customers.csv", cancellationToken: ct);
        });
        var trainingSet = builder.Step<RecordBatch, RecordBatch>("training_set", customers, async (batch, _, ct) =>
            await features.GetHistoricalFeaturesAsync(ChurnFeatures.EntityRows(batch), ChurnFeatures.Service, ct));
        var trained = builder.Step<RecordBatch, string, TrainedModel>("train", trainingSet, commit, async (batch, id, _, ct) =>
        {
            var (runId, model) = await tracking.RunAsync("churn", "logistic-regression", async (run, runCt) =>
            {
                await run.LogParamsAsync(new Dictionary<string, ParamValue> { ["model"] = "logistic_regression", ["epochs"] = Epochs, ["learning_rate"] = LearningRate, ["feature_service"] = ChurnFeatures.Service }, runCt);
                await run.LogInputAsync(new DatasetReference("quickstart", id), "training", runCt);
                var fitted = ChurnModel.Train(batch, Epochs, LearningRate, (epoch, loss, accuracy) =>
                {
                    run.LogMetric("log_loss", loss, epoch);
                    run.LogMetric("accuracy", accuracy, epoch);
                });
                await run.LogArtifactAsync("model/churn.json", new MemoryStream(fitted.ToJson()), runCt);
                await run.LogArtifactAsync("model/churn.onnx", new MemoryStream(fitted.ToOnnx()), runCt);
                return fitted;
            }, ct);
            return new TrainedModel(runId, model.Weights, model.Means, model.Scales);
        });
        var evaluation = builder.Step<RecordBatch, TrainedModel, Evaluation>("evaluate", trainingSet, trained, (batch, model, _, _) =>
        {
            var (logLoss, accuracy) = model.ToModel().Evaluate(batch);
            return ValueTask.FromResult(new Evaluation(logLoss, accuracy));
        });
        builder.Step<TrainedModel, Evaluation, Registration>("register", trained, evaluation, async (model, score, context, ct) =>
        {
            var version = await tracking.Models.RegisterVersionAsync("churn", new ModelVersionRegistration
            {
                RunId = model.RunId,
                ArtifactPath = "model/churn.onnx",
                Signature = new MLOps.Tracking.ModelSignature(
                    [new TensorSpec("features", TensorElementType.Float32, [-1, 3])],
                    [new TensorSpec("churn_probability", TensorElementType.Float32, [-1, 1])]),
                Description = "Logistic regression on tenure, spend and the pro-annual flag from feature service churn_model.",
            }, ct);
            await tracking.Models.SetVersionTagAsync("churn", version.Version, "accuracy", score.Accuracy.ToString("R", System.Globalization.CultureInfo.InvariantCulture), ct);
            context.AddLineageOutput(version.Reference);
            var champion = await CurrentChampionAccuracyAsync(tracking, ct);
            if (champion is { } best && best >= score.Accuracy)
            {
                return new Registration(version.Version, MovedChampion: false, best);
            }

            await tracking.Models.SetAliasAsync("churn", "champion", version.Version, cancellationToken: ct);
            return new Registration(version.Version, MovedChampion: true, champion);
        });
        return builder.Build();
    }

    private static async ValueTask<double?> CurrentChampionAccuracyAsync(TrackingStore tracking, CancellationToken cancellationToken)
    {
        try
        {
            var champion = await tracking.Models.GetVersionByAliasAsync("churn", "champion", cancellationToken);
            return champion.Tags.TryGetValue("accuracy", out var text) ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}

/// <summary>The train step's output: the tracking run and the fitted parameters.</summary>
internal sealed record TrainedModel(string RunId, double[] Weights, double[] Means, double[] Scales)
{
    public ChurnModel ToModel() => new(Weights, Means, Scales);
}

/// <summary>The evaluate step's output.</summary>
internal sealed record Evaluation(double LogLoss, double Accuracy);

/// <summary>The register step's output: the new version, and whether it became the champion (and the accuracy it had to beat).</summary>
internal sealed record Registration(int Version, bool MovedChampion, double? PreviousChampionAccuracy);
