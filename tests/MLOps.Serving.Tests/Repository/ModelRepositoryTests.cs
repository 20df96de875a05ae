using MLOps.Inference;
using MLOps.Lineage;
using MLOps.Serving.Onnx;
using MLOps.Tensors;
using MLOps.Testing;

namespace MLOps.Serving.Tests.Repository;

public sealed class ModelRepositoryTests : IDisposable
{
    private static readonly ModelConfig NoWarmup = new() { Warmup = false, Batching = new BatchingOptions { InlineWhenIdle = false } };
    private readonly TempDirectory _directory = new("mlops-repo");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Loads_a_file_and_answers_with_version_1()
    {
        await using var repository = new ModelRepository();
        var served = await repository.LoadAsync("mlp", RepositoryModels.WriteMlp(_directory));

        var response = await repository.InferAsync("mlp", RepositoryModels.Request(rows: 2));

        Assert.Equal(1, served.Version);
        Assert.Equal("1", response.ModelVersion);
        Assert.Equal([2, 3], response["output"].Shape.Dimensions.ToArray());
        Assert.True(repository.IsReady);
        Assert.Equal(ModelVersionState.Ready, served.State);
        Assert.Equal("mlp", Assert.Single(repository.Models).Name);
    }

    [Fact]
    public async Task A_new_version_takes_over_and_the_old_one_is_released_after_its_last_request()
    {
        await using var repository = new ModelRepository();
        var gated = new RepositoryModels.GatedExecutor(OnnxModel.Load(SyntheticModels.Mlp(RepositoryModels.Sizes)));
        var v1 = await repository.LoadAsync("mlp", gated, NoWarmup);
        var inFlight = repository.InferAsync("mlp", RepositoryModels.Request()).AsTask();
        await WaitUntil(() => Volatile.Read(ref gated.Runs) == 1);

        var v2 = await repository.LoadAsync("mlp", RepositoryModels.WriteMlp(_directory));
        var after = await repository.InferAsync("mlp", RepositoryModels.Request());

        Assert.Equal("2", after.ModelVersion);
        Assert.Equal(ModelVersionState.Draining, v1.State);
        Assert.False(gated.Disposed);
        gated.Gate.Release();
        Assert.Equal("1", (await inFlight).ModelVersion);
        await WaitUntil(() => v1.State == ModelVersionState.Unloaded);
        Assert.True(gated.Disposed);
        Assert.Equal([2], repository.GetModel("mlp").Versions.Select(v => v.Version));
        Assert.Equal(ModelVersionState.Ready, v2.State);
    }

    [Fact]
    public async Task Swapping_versions_under_load_fails_no_request()
    {
        await using var repository = new ModelRepository();
        var path = RepositoryModels.WriteMlp(_directory);
        await repository.LoadAsync("mlp", path);
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var answered = 0;
        var versions = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var callers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var response = await repository.InferAsync("mlp", RepositoryModels.Request(seed: i));
                    versions.AddOrUpdate(response.ModelVersion, 1, (_, n) => n + 1);
                    Interlocked.Increment(ref answered);
                }
                catch (MLOpsException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();

        for (var swap = 0; swap < 10; swap++)
        {
            await repository.LoadAsync("mlp", path);
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await Task.WhenAll(callers);
        Assert.Equal(0, failures);
        Assert.True(answered > 0);
        Assert.True(versions.Count > 1, "requests should have reached more than one version");
        Assert.Equal([11], repository.GetModel("mlp").Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task A_failed_load_leaves_the_serving_version_in_place()
    {
        await using var repository = new ModelRepository();
        await repository.LoadAsync("mlp", RepositoryModels.WriteMlp(_directory));
        var broken = _directory.Combine("broken.onnx");
        await File.WriteAllBytesAsync(broken, [1, 2, 3, 4, 5]);

        var error = await Assert.ThrowsAnyAsync<MLOpsException>(() => repository.LoadAsync("mlp", broken));

        Assert.Contains("broken.onnx", error.Message, StringComparison.Ordinal);
        Assert.Equal("1", (await repository.InferAsync("mlp", RepositoryModels.Request())).ModelVersion);
        Assert.NotNull(repository.GetModel("mlp").LastError);
    }

    [Fact]
    public async Task A_canary_split_sends_requests_to_both_versions()
    {
        await using var repository = new ModelRepository(new ModelRepositoryOptions { DefaultConfig = new ModelConfig { VersionPolicy = ModelVersionPolicy.All } });
        var path = RepositoryModels.WriteMlp(_directory);
        var v1 = await repository.LoadAsync("mlp", path);
        var v2 = await repository.LoadAsync("mlp", path);
        repository.SetRouting("mlp", ModelRouting.Canary(stable: 1, canary: 2, canaryPercent: 30));

        for (var i = 0; i < 300; i++)
        {
            await repository.InferAsync("mlp", RepositoryModels.Request());
        }

        Assert.InRange(v2.RoutedRequests, 40, 150);
        Assert.Equal(300, v1.RoutedRequests + v2.RoutedRequests);
        Assert.Equal("2", (await repository.InferAsync("mlp", 2, RepositoryModels.Request())).ModelVersion);
    }

    [Fact]
    public async Task A_shadow_gets_copies_whose_answers_are_compared_and_never_returned()
    {
        await using var repository = new ModelRepository(new ModelRepositoryOptions { DefaultConfig = new ModelConfig { VersionPolicy = ModelVersionPolicy.All } });
        await repository.LoadAsync("same", RepositoryModels.WriteMlp(_directory, "a.onnx"));
        var sameShadow = await repository.LoadAsync("same", RepositoryModels.WriteMlp(_directory, "a.onnx"));
        await repository.LoadAsync("other", RepositoryModels.WriteMlp(_directory, "a.onnx"));
        var otherShadow = await repository.LoadAsync("other", RepositoryModels.WriteMlp(_directory, "b.onnx", seed: 99));
        repository.SetRouting("same", new ModelRouting { Weights = new Dictionary<int, int> { [1] = 1 }, ShadowVersion = 2 });
        repository.SetRouting("other", new ModelRouting { Weights = new Dictionary<int, int> { [1] = 1 }, ShadowVersion = 2 });

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("1", (await repository.InferAsync("same", RepositoryModels.Request(seed: i))).ModelVersion);
            Assert.Equal("1", (await repository.InferAsync("other", RepositoryModels.Request(seed: i))).ModelVersion);
        }

        await WaitUntil(() => sameShadow.GetShadowStatistics().Compared == 20 && otherShadow.GetShadowStatistics().Compared == 20);
        Assert.Equal(0, sameShadow.GetShadowStatistics().Mismatches);
        Assert.InRange(sameShadow.GetShadowStatistics().MaxAbsoluteDifference, 0, 1e-5);
        Assert.Equal(20, otherShadow.GetShadowStatistics().Mismatches);
        Assert.True(otherShadow.GetShadowStatistics().MaxAbsoluteDifference > 1e-4);
        Assert.Equal(0, sameShadow.RoutedRequests);
    }

    [Fact]
    public async Task Loads_a_repository_folder_with_config_and_version_policy()
    {
        var root = _directory.Combine("repo");
        RepositoryModels.WriteMlp(_directory, Path.Combine("repo", "mlp", "1", "model.onnx"));
        RepositoryModels.WriteMlp(_directory, Path.Combine("repo", "mlp", "2", "model.onnx"));
        RepositoryModels.WriteMlp(_directory, Path.Combine("repo", "mlp", "3", "model.onnx"));
        await File.WriteAllTextAsync(Path.Combine(root, "mlp", "config.json"), """{ "max_batch_size": 8, "max_queue_delay_us": 200, "instances": 2, "version_policy": { "latest": 2 } }""");
        RepositoryModels.WriteMlp(_directory, Path.Combine("repo", "other", "7", "model.onnx"));
        await using var repository = new ModelRepository();

        var loaded = await repository.LoadDirectoryAsync(root);

        Assert.Equal(["mlp/2", "mlp/3", "other/7"], loaded.Select(v => $"{v.ModelName}/{v.Version}").Order(StringComparer.Ordinal));
        var mlp = repository.GetModel("mlp");
        Assert.Equal(8, mlp.Latest!.Config.Batching.MaxBatchSize);
        Assert.Equal(2, mlp.Latest.Config.Batching.Instances);
        Assert.Equal(TimeSpan.FromMicroseconds(200), mlp.Latest.Config.Batching.MaxQueueDelay);
        Assert.Equal("3", (await repository.InferAsync("mlp", RepositoryModels.Request())).ModelVersion);
        Assert.Equal("2", (await repository.InferAsync("mlp", 2, RepositoryModels.Request())).ModelVersion);
    }

    [Fact]
    public async Task A_bad_config_file_names_the_file_and_key_and_other_models_still_load()
    {
        var root = _directory.Combine("repo");
        RepositoryModels.WriteMlp(_directory, Path.Combine("repo", "bad", "1", "model.onnx"));
        await File.WriteAllTextAsync(Path.Combine(root, "bad", "config.json"), """{ "max_batch_sise": 8 }""");
        RepositoryModels.WriteMlp(_directory, Path.Combine("repo", "good", "1", "model.onnx"));
        await using var repository = new ModelRepository();

        var error = await Assert.ThrowsAsync<ValidationException>(() => repository.LoadDirectoryAsync(root));

        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_batch_sise", error.Message, StringComparison.Ordinal);
        Assert.True(repository.GetModel("good").IsReady);
    }

    [Fact]
    public async Task Unknown_models_and_versions_are_not_found_and_unload_removes_a_model()
    {
        await using var repository = new ModelRepository();
        await repository.LoadAsync("mlp", RepositoryModels.WriteMlp(_directory));

        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => repository.InferAsync("nope", RepositoryModels.Request()).AsTask());
        var version = await Assert.ThrowsAsync<NotFoundException>(() => repository.InferAsync("mlp", 9, RepositoryModels.Request()).AsTask());
        await repository.UnloadAsync("mlp");

        Assert.Contains("'mlp'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("version 9", version.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => repository.InferAsync("mlp", RepositoryModels.Request()).AsTask());
        Assert.Empty(repository.Models);
    }

    [Fact]
    public async Task Observers_see_every_answer_and_a_throwing_observer_fails_nothing()
    {
        var seen = new Recorder();
        await using var repository = new ModelRepository(new ModelRepositoryOptions { Observers = [new Thrower(), seen] });
        await repository.LoadAsync("mlp", RepositoryModels.WriteMlp(_directory));

        await repository.InferAsync("mlp", RepositoryModels.Request(rows: 3));

        var observation = Assert.Single(seen.Observations);
        Assert.Equal(("mlp", "1"), (observation.ModelName, observation.ModelVersion));
        Assert.Equal(["input"], observation.InputNames);
        Assert.Equal(3, observation.Outputs[0].Shape[0]);
        Assert.Equal(1, repository.ObserverFailures);
    }

    [Fact]
    public async Task Loads_from_a_registry_reference_and_follows_the_alias()
    {
        var resolver = new FakeResolver { Version = 4, Bytes = SyntheticModels.Mlp(RepositoryModels.Sizes) };
        await using var repository = new ModelRepository(new ModelRepositoryOptions { ArtifactResolver = resolver });

        var served = await repository.LoadFromRegistryAsync("churn", LineageReference.Parse("model:churn@champion"));
        var unchanged = await repository.RefreshFromRegistryAsync("churn");
        resolver.Version = 5;
        var moved = await repository.RefreshFromRegistryAsync("churn");

        Assert.Equal(4, served.Version);
        Assert.Null(unchanged);
        Assert.Equal(5, moved!.Version);
        Assert.Equal("5", (await repository.InferAsync("churn", RepositoryModels.Request())).ModelVersion);
    }

    [Fact]
    public async Task Loading_from_the_registry_without_a_resolver_says_what_to_add()
    {
        await using var repository = new ModelRepository();

        var error = await Assert.ThrowsAsync<ValidationException>(() => repository.LoadFromRegistryAsync("churn", LineageReference.Parse("model:churn@champion")));

        Assert.Contains("AddTracking", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warmup_runs_every_bucket_and_an_invalid_name_is_refused()
    {
        await using var repository = new ModelRepository();
        var counting = new RepositoryModels.GatedExecutor(OnnxModel.Load(SyntheticModels.Mlp(RepositoryModels.Sizes)));
        counting.Gate.Release(100);
        var config = new ModelConfig { Batching = new BatchingOptions { MaxBatchSize = 16, PreferredBatchSizes = [4, 8] } };

        await repository.LoadAsync("mlp", counting, config);
        var error = await Assert.ThrowsAsync<ValidationException>(() => repository.LoadAsync("bad/name", RepositoryModels.WriteMlp(_directory)));

        Assert.Equal(4, counting.Runs);
        Assert.Contains("bad/name", error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the condition did not become true within 5 s");
    }

    private sealed class Recorder : IInferenceObserver
    {
        public List<InferenceObservation> Observations { get; } = [];

        public void OnInference(InferenceObservation observation) => Observations.Add(observation);
    }

    private sealed class Thrower : IInferenceObserver
    {
        public void OnInference(InferenceObservation observation) => throw new InvalidOperationException("observer failure");
    }

    private sealed class FakeResolver : IModelArtifactResolver
    {
        public int Version { get; set; }

        public byte[] Bytes { get; set; } = [];

        public ValueTask<ModelArtifact> ResolveAsync(LineageReference reference, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new ModelArtifact("churn", Version, _ => ValueTask.FromResult<Stream>(new MemoryStream(Bytes))));
    }
}
