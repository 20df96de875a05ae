// The quickstart: the MLOps lifecycle as far as it is built, end to end in one process.
// Run from the repository root: dotnet run --project samples/MLOps.Samples.Quickstart [-- WORKSPACE]
using MLOps.DataVersioning;
using MLOps.Drift;
using MLOps.FeatureStore;
using MLOps.Lineage;
using MLOps.Pipelines;
using MLOps.Samples.Quickstart;
using MLOps.Serving;
using MLOps.Storage;
using MLOps.Tensors;
using MLOps.Tracking;

var workspacePath = args.Length > 0 ? args[0] : ".mlops";
Console.WriteLine($"MLOps quickstart: workspace {Path.GetFullPath(workspacePath)}");

// 1. Open (or create) the workspace: SQLite metadata + content-addressed blobs in one folder.
await using var workspace = await MLOpsWorkspace.OpenAsync(workspacePath);
var schema = await workspace.GetAppliedMigrationsAsync();
Console.WriteLine($"[workspace] {workspace.Database.Description}; schema {string.Join(", ", schema.Select(m => $"{m.Module} v{m.Version}"))}");

// 2. Generate the training data as a columnar RecordBatch (Arrow layout), built row by row.
var customers = TrainingData.Generate(rows: 5_000, seed: 7);
Console.WriteLine($"[data] generated {customers}");

// 3. Round-trip it through CSV: write, read back with type inference, compare.
var dataFolder = Directory.CreateDirectory(Path.Combine(workspace.RootPath, "data")).FullName;
var csvPath = Path.Combine(dataFolder, "customers.csv");
await CsvRoundTrip.WriteAsync(customers, csvPath);
var readBack = await CsvRoundTrip.ReadAsync(csvPath);
Console.WriteLine($"[csv] wrote {new FileInfo(csvPath).Length:N0} bytes; read back {readBack.RowCount} rows with inferred schema {readBack.Schema}");
CsvRoundTrip.AssertSame(customers, readBack);
Console.WriteLine("[csv] round trip exact: every value and null came back");

// 4. Store the file in the blob store: named by its SHA-256, verified on every read.
BlobInfo csvBlob;
await using (var file = File.OpenRead(csvPath))
{
    csvBlob = await workspace.Blobs.PutAsync(file);
    var bytes = await workspace.Blobs.ReadAllBytesAsync(csvBlob.Hash);
    Console.WriteLine($"[blobs] {(csvBlob.Created ? "stored" : "already had")} {csvBlob.Hash} ({csvBlob.Size:N0} bytes); read back and verified {bytes.Length:N0} bytes");
}

// 4b. Version the data folder as dataset "quickstart": files are split into content-defined chunks in the
//     blob store (an append stores only the new chunks; a re-run stores nothing), trees and a commit on "main".
var dataRepository = await DataRepository.OpenAsync(workspace);
await File.WriteAllTextAsync(Path.Combine(dataFolder, ".mlopsignore"), "*.html\n");
var dataCommit = await dataRepository.CommitAsync(dataFolder, "quickstart", "generated customers");
Console.WriteLine($"[data] committed dataset:quickstart@{dataCommit.CommitId.ToString()[..12]}: {dataCommit.Files} files, {dataCommit.Bytes:N0} bytes, {dataCommit.NewBytes:N0} newly stored{(dataCommit.Unchanged ? " (unchanged since the last run)" : string.Empty)}");

// 4c. Status reads only files the working-state index cannot vouch for; push sends what a remote folder
//     lacks (only new objects on a re-run); verify re-hashes every object; a hard-linked checkout shares
//     read-only files with the workspace's file cache.
var dataStatus = await dataRepository.StatusAsync(dataFolder, "quickstart");
var remote = new DirectoryRemote(Path.Combine(Path.GetDirectoryName(workspace.RootPath)!, ".mlops-remote"));
var pushed = await dataRepository.PushAsync(remote, "quickstart");
var health = await dataRepository.VerifyAsync();
var checkout = await dataRepository.CheckoutAsync("quickstart", Path.Combine(workspace.RootPath, "checkout"), new CheckoutOptions { Link = CheckoutLink.Hardlink, Force = true });
Console.WriteLine($"[data] status {(dataStatus.IsClean ? "clean" : "dirty")} ({dataStatus.FilesRead} of {dataStatus.Files} files read); pushed {pushed.Objects} objects to {remote.Location} "
    + $"({pushed.Skipped} already there); verify: {health.Objects} objects, {(health.IsHealthy ? "healthy" : string.Join("; ", health.Problems))}; "
    + $"hard-linked checkout: {checkout.FilesWritten} linked, {checkout.FilesUnchanged} already in place");

// 5. Drift: profile the training data once, keep the profile in the workspace, test new traffic against it.
var profiles = await ReferenceProfileStore.OpenAsync(workspace);
var drift = new DriftOptions { Columns = ["tenure_months", "monthly_spend", "plan", "churned"], Correction = MultipleTestingCorrection.BenjaminiHochberg };
var stored = await profiles.SaveAsync("customers", ReferenceProfile.Create(customers, drift, drift.Columns));
var traffic = TrainingData.Generate(rows: 2_000, seed: 8);
var report = new DriftAnalyzer(drift).Compare(await profiles.LoadAsync("customers"), traffic);
var reportPath = Path.Combine(dataFolder, "drift.html");
await report.WriteHtmlAsync(reportPath);
Console.WriteLine($"[drift] profile v{stored.Version}; dataset drift: {report.DatasetDrift} ({report.DriftedColumns}/{report.Columns.Count} columns drifted): "
    + string.Join(", ", report.Columns.Select(c => $"{c.Column} {c.Test} {c.Statistic:G3}")) + $"; report {reportPath}");

// 6. Features: the customer entity, a view over the committed CSV (timestamped by sign-up), an on-demand
//    flag computed by the same C# code offline and online, and the service the model is trained and served
//    with. Apply shows the plan; materialization copies the latest values into the online store.
await using var features = await FeatureRepository.OpenAsync(workspace);
var plan = await features.ApplyAsync(ChurnFeatures.Define(csvPath));
var materialized = await features.MaterializeIncrementalAsync(ChurnFeatures.LabelTime);
Console.WriteLine($"[features] applied registry v{plan.Version}: {plan.Added.Count} added, {plan.Changed.Count} changed, {plan.Removed.Count} removed; "
    + $"materialized {materialized.Sum(m => m.RowsWritten):N0} rows into the online store");

// 7. Train as a pipeline: load the dataset version -> point-in-time training set -> train (a tracked run)
//    -> evaluate -> register, moving "champion" only if better. Steps are cached by their inputs: a second
//    run of the quickstart over the same data is served entirely from the cache.
await using var tracking = await TrackingStore.OpenAsync(workspace);
await using var pipelines = await PipelineRunner.OpenAsync(workspace, new PipelineRunnerOptions { Tracking = tracking, Experiment = "churn-pipeline" });
var pipeline = ChurnPipeline.Build(dataRepository, features, tracking);
var pipelineRun = await pipelines.RunAsync(pipeline, new Dictionary<string, object?> { ["dataset_commit"] = dataCommit.CommitId.ToString() });
if (pipelineRun.Status != PipelineRunStatus.Succeeded)
{
    throw new InvalidOperationException($"Pipeline {pipelineRun.RunId} {pipelineRun.Status}: " + string.Join("; ", pipelineRun.Steps.Where(st => st.Error is not null).Select(st => $"{st.Name}: {st.Error}")));
}

Console.WriteLine($"[pipeline] run {pipelineRun.RunId} {pipelineRun.Status} in {pipelineRun.Duration.TotalMilliseconds:F0} ms: "
    + string.Join(", ", pipelineRun.Steps.Select(st => $"{st.Name} {st.State.ToString().ToLowerInvariant()}"))
    + (pipelineRun.Steps.All(st => st.CacheHit) ? " (all from cache)" : string.Empty));
var trained = pipelineRun.GetOutput(PipelineBuilder.Output<TrainedModel>("train"));
var evaluation = pipelineRun.GetOutput(PipelineBuilder.Output<Evaluation>("evaluate"));
var registration = pipelineRun.GetOutput(PipelineBuilder.Output<Registration>("register"));
var model = trained.ToModel();
var runId = trained.RunId;
var summary = await tracking.Metrics.GetSummaryAsync(runId, "log_loss");
Console.WriteLine($"[tracking] run {runId}: log_loss {summary.Last:F4} after {summary.Count} epochs (best {summary.Best(MetricGoal.Minimize):F4} at epoch {summary.BestStep(MetricGoal.Minimize)}); "
    + $"evaluated accuracy {evaluation.Accuracy:P1}, weights [{string.Join(", ", model.Weights.Select(w => w.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}]");

var version = await tracking.Models.GetVersionAsync("churn", registration.Version);
Console.WriteLine($"[registry] registered {version.Reference} ({version.ArtifactSize:N0} bytes, {version.ArtifactHash}); "
    + (registration.MovedChampion ? $"champion moved to it (previous accuracy {registration.PreviousChampionAccuracy?.ToString("P1", System.Globalization.CultureInfo.InvariantCulture) ?? "none"})" : $"champion kept (its accuracy {registration.PreviousChampionAccuracy:P1} is not beaten)"));
var best = await tracking.Runs.SearchAsync(new RunQuery { Experiments = ["churn"], Filter = "metrics.accuracy > 0.6 and params.model = 'logistic_regression'", OrderBy = "metrics.log_loss ASC", MaxResults = 1 });
var inputs = await tracking.Lineage.GetInputsOfAsync(version.Reference);
var usedBy = await tracking.Lineage.FindRunsUsingAsync(new DatasetReference("quickstart", dataCommit.CommitId));
Console.WriteLine($"[search] best run by log_loss: {best.Runs[0].Id} (accuracy {best.Runs[0].Metrics["accuracy"].Last:P1}); {version.Reference} was trained on {string.Join(", ", inputs.Select(i => i.Reference))}; "
    + $"that dataset version is used by {usedBy.Count} run(s)");

// 7. Serve: export the model to ONNX, store it in the blob store, load it on the in-process CPU engine
//    and score a batch of customers.
var onnx = model.ToOnnx();
var onnxBlob = await workspace.Blobs.PutAsync(onnx);
using var engine = OnnxModel.Load(await workspace.Blobs.ReadAllBytesAsync(onnxBlob.Hash));
float[] batch = [3, 95, 0, 48, 20, 1, 24, 55, 0];   // (tenure months, monthly spend, pro annual) × 3 customers
var scored = (Tensor<float>)engine.Run(new Dictionary<string, Tensor> { ["features"] = Tensor.Create(batch, 3, 3) })["churn_probability"];
var direct = model.Predict(3, 95, proAnnual: false);
Console.WriteLine($"[serving] {engine.Signature.Inputs[0]} -> {engine.Signature.Outputs[0]}; ONNX {onnxBlob.Hash.ToString()[..12]}… ({onnx.Length} bytes); "
    + $"churn probabilities [{string.Join(", ", scored.Span.ToArray().Select(p => p.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}] "
    + $"(direct computation for the first: {direct:F3})");

// 7b. A challenger: 100 gradient-boosted trees (depth 3, missing tenure kept missing) over the same raw
//     features, exported as an ONNX tree ensemble; the engine scores 100,000 customers with its rank-based
//     traversal (32 rows per AVX-512 register where the CPU has it).
var boosted = ChurnTrees.Train(customers, rounds: 100, depth: 3, learningRate: 0.1);
using var trees = OnnxModel.Load(boosted.ToOnnx());
var (treeRows, labels) = ChurnTrees.Rows(customers);
var treeScores = ((Tensor<float>)trees.Run(new Dictionary<string, Tensor> { ["features"] = Tensor.Create(treeRows, labels.Length, 3) })["churn_probability"]).Span.ToArray();
var treeAccuracy = treeScores.Select((p, i) => (p >= 0.5 ? 1.0 : 0.0) == labels[i] ? 1.0 : 0.0).Average();
var crowd = Enumerable.Range(0, 100_000 * 3).Select(i => treeRows[i % treeRows.Length]).ToArray();
var crowdInput = new Tensor[] { Tensor.Create(crowd, 100_000, 3) };
var crowdOutput = new Tensor[] { Tensor.Zeros<float>(100_000, 1) };
trees.Run(crowdInput, crowdOutput);
var timer = System.Diagnostics.Stopwatch.StartNew();
trees.Run(crowdInput, crowdOutput);
Console.WriteLine($"[trees] {boosted.TreeCount} boosted trees: training accuracy {treeAccuracy:P1} (logistic champion's evaluation: {evaluation.Accuracy:P1}); "
    + $"scored 100,000 customers in {timer.Elapsed.TotalMilliseconds:F1} ms ({100_000 / timer.Elapsed.TotalSeconds:N0} rows/s)");

// 8. Serve the registry's champion behind the dynamic batcher: 64 concurrent single-customer requests
//    are grouped into batches; a drift tap samples what the model sees.
var tap = new RecordingDriftSink();
await using (var repository = new ModelRepository(new ModelRepositoryOptions
{
    ArtifactResolver = new RegistryArtifactResolver(tracking),
    DefaultConfig = new ModelConfig { Batching = new BatchingOptions { MaxBatchSize = 32, MaxQueueDelay = TimeSpan.FromMilliseconds(1) } },
    Observers = [new DriftInferenceObserver(tap, new DriftInferenceObserverOptions { FeatureNames = { ["features"] = ["tenure_months", "monthly_spend", "pro_annual"] } })],
}))
{
    var champion = await repository.LoadFromRegistryAsync("churn", LineageReference.Parse("model:churn@champion"));
    var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => repository.InferAsync("churn", new InferenceRequest(Tensor.Create(new float[] { i % 36, 20 + i, i % 2 }, 1, 3))).AsTask()));
    var stats = champion.GetStatistics();
    Console.WriteLine($"[batching] served model:churn@champion (version {champion.Version}) from {champion.Source}; {stats.SuccessCount} requests ran in {stats.ExecutionCount} batches "
        + $"(mean batch {stats.MeanBatchSize:F1}); first answer {((Tensor<float>)answers[0]["churn_probability"]).Span[0]:F3}; drift tap received {tap.Rows} rows with columns {string.Join(", ", tap.Columns)}");

    // 9. Online features: a request carries only customer ids; the model input is assembled from the
    //    feature service's online values (the on-demand flag computed by the same code as in training).
    var customerIds = new long[] { 100_000, 100_001, 100_002 };
    var entityKeys = customerIds.Select(id => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["customer_id"] = id }).ToList();
    var online = await features.GetOnlineFeaturesAsync(ChurnFeatures.Service, entityKeys);
    // A missing tenure is filled with the training mean, as the model was trained.
    var modelInput = await new ModelInputAssembler(features, ChurnFeatures.Service) { MissingValue = (float)model.Means[0] }.AssembleAsync(entityKeys);
    var byKey = await repository.InferAsync("churn", new InferenceRequest(modelInput));
    Console.WriteLine($"[online] customers {string.Join(", ", customerIds)}: tenure {online.Get(0, "customer_profile:tenure_months").Status}, "
        + $"input [{string.Join(", ", modelInput.Span[..3].ToArray().Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))}] -> churn probabilities "
        + $"[{string.Join(", ", ((Tensor<float>)byKey["churn_probability"]).Span.ToArray().Select(p => p.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}]");
}

// 10. The CUDA executor: with a GPU, `ModelConfig.UseCuda()` runs the same model there (with CPU fallback
//     per node); without one, the probe says what it searched and serving stays on the CPU engine.
var (cudaAvailable, cudaReport) = MLOps.Serving.Cuda.CudaExecutor.Probe();
Console.WriteLine(cudaAvailable
    ? $"[cuda] {MLOps.Serving.Cuda.CudaExecutor.GetDevice()}: ModelConfig.UseCuda() serves the champion there"
    : $"[cuda] {cudaReport.Split('\n')[0].Split("; searched")[0].Trim()}; serving stays on the CPU engine (`mlops serve --cuda` lists every path searched)");

Console.WriteLine("Done.");
