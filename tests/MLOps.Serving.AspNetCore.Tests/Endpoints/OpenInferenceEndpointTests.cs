using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Serving.Onnx;
using MLOps.Testing;

namespace MLOps.Serving.AspNetCore.Tests.Endpoints;

public sealed class OpenInferenceEndpointTests : IDisposable
{
    private static readonly int[] Sizes = [4, 8, 3];
    private readonly TempDirectory _directory = new("mlops-oip");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Health_metadata_and_json_inference_follow_the_v2_contract()
    {
        await using var host = await StartAsync();

        Assert.Equal("""{"live":true}""", await host.Client.GetStringAsync("/v2/health/live"));
        Assert.Equal("""{"ready":true}""", await host.Client.GetStringAsync("/v2/health/ready"));
        using var server = JsonDocument.Parse(await host.Client.GetStringAsync("/v2"));
        Assert.Equal("mlops", server.RootElement.GetProperty("name").GetString());
        using var metadata = JsonDocument.Parse(await host.Client.GetStringAsync("/v2/models/mlp"));
        Assert.Equal(["1"], metadata.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([-1, 4], metadata.RootElement.GetProperty("inputs")[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("""{"name":"mlp","ready":true}""", await host.Client.GetStringAsync("/v2/models/mlp/ready"));
        Assert.Equal("""{"name":"mlp","version":"1","ready":true}""", await host.Client.GetStringAsync("/v2/models/mlp/versions/1/ready"));

        using var flat = await PostJsonAsync(host, "/v2/models/mlp/infer", """{"id":"r1","inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[1,2,3,4,5,6,7,8]}]}""");
        using var nested = await PostJsonAsync(host, "/v2/models/mlp/versions/1/infer", """{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[[1,2,3,4],[5,6,7,8]]}]}""");

        var output = flat.RootElement.GetProperty("outputs")[0];
        Assert.Equal("r1", flat.RootElement.GetProperty("id").GetString());
        Assert.Equal("1", flat.RootElement.GetProperty("model_version").GetString());
        Assert.Equal([2, 3], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        var values = output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(1.0, values[..3].Sum(), 4);
        Assert.Equal(values, nested.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Fact]
    public async Task Binary_tensors_in_and_out_match_json()
    {
        await using var host = await StartAsync();
        float[] input = [0.5f, -1, 2, 0.25f];
        using var json = await PostJsonAsync(host, "/v2/models/mlp/infer", """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[0.5,-1,2,0.25]}]}""");
        var header = Encoding.UTF8.GetBytes("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","parameters":{"binary_data_size":16}}],"outputs":[{"name":"output","parameters":{"binary_data":true}}]}""");
        var body = new byte[header.Length + 16];
        header.CopyTo(body, 0);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(header.Length + (i * 4)), input[i]);
        }

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await host.Client.PostAsync(new Uri("/v2/models/mlp/infer", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var responseHeader = JsonDocument.Parse(bytes.AsMemory(0, jsonLength));
        Assert.Equal(12, responseHeader.RootElement.GetProperty("outputs")[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        var binary = Enumerable.Range(0, 3).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(jsonLength + (i * 4)))).ToArray();
        Assert.Equal(json.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()), binary);
    }

    [Fact]
    public async Task Bad_requests_get_a_4xx_with_a_message_and_the_server_keeps_serving()
    {
        await using var host = await StartAsync(protocol: o => o.MaxRequestBodySize = 4096);

        await AssertErrorAsync(host, "/v2/models/mlp/infer", """{"inputs":[{"name":"input",""", HttpStatusCode.BadRequest, "JSON");
        await AssertErrorAsync(host, "/v2/models/mlp/infer", """{"inputs":[{"name":"input","shape":[1,4],"datatype":"INT64","data":[1,2,3,4]}]}""", HttpStatusCode.BadRequest, "INT64");
        await AssertErrorAsync(host, "/v2/models/mlp/infer", """{"inputs":[{"name":"input","shape":[1,5],"datatype":"FP32","data":[1,2,3,4,5]}]}""", HttpStatusCode.BadRequest, "input");
        await AssertErrorAsync(host, "/v2/models/nope/infer", """{"inputs":[]}""", HttpStatusCode.NotFound, "nope");
        await AssertErrorAsync(host, "/v2/models/mlp/versions/7/infer", """{"inputs":[]}""", HttpStatusCode.NotFound, "7");
        await AssertErrorAsync(host, "/v2/models/mlp/versions/x/infer", """{"inputs":[]}""", HttpStatusCode.NotFound, "'x'");
        var big = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}],\"pad\":\"" + new string('x', 10_000) + "\"}";
        await AssertErrorAsync(host, "/v2/models/mlp/infer", big, HttpStatusCode.RequestEntityTooLarge, "4096");
        using var missing = await host.Client.GetAsync(new Uri("/v2/models/nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var ok = await PostJsonAsync(host, "/v2/models/mlp/infer", """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""");
        Assert.Equal(3, ok.RootElement.GetProperty("outputs")[0].GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Stats_metrics_and_health_checks_report_the_traffic()
    {
        await using var host = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            using var _ = await PostJsonAsync(host, "/v2/models/mlp/infer", """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""");
        }

        using var stats = JsonDocument.Parse(await host.Client.GetStringAsync("/v2/models/mlp/stats"));
        var model = stats.RootElement.GetProperty("model_stats")[0];
        Assert.Equal(5, model.GetProperty("inference_stats").GetProperty("success").GetProperty("count").GetInt64());
        Assert.Equal(5, model.GetProperty("inference_count").GetInt64());
        using var all = JsonDocument.Parse(await host.Client.GetStringAsync("/v2/models/stats"));
        Assert.Equal(1, all.RootElement.GetProperty("model_stats").GetArrayLength());
        var metrics = await host.Client.GetStringAsync("/metrics");
        Assert.Contains("# TYPE mlops_inference_request_success counter", metrics, StringComparison.Ordinal);
        Assert.Contains("mlops_inference_exec_count{model=\"mlp\",version=\"1\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("mlops_inference_queue_duration_us_bucket{model=\"mlp\",version=\"1\",le=\"+Inf\"}", metrics, StringComparison.Ordinal);
        Assert.Equal("Healthy", await host.Client.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task A_full_queue_answers_429_and_a_model_with_no_ready_version_503()
    {
        var gate = new SemaphoreSlim(0);
        await using var host = await StartAsync(serving: s => s.LoadInBackground = true, model: false);
        var repository = host.Repository;
        var gated = new GatedExecutor(OnnxModel.Load(SyntheticModels.Mlp(Sizes)), gate);
        var loading = repository.LoadAsync("slow", gated, new ModelConfig { Batching = new BatchingOptions { MaxQueueSize = 1, MaxBatchSize = 1, InlineWhenIdle = false } });
        await WaitUntil(() => repository.FindModel("slow") is not null);

        await AssertErrorAsync(host, "/v2/models/slow/infer", """{"inputs":[]}""", HttpStatusCode.ServiceUnavailable, "no ready version");
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative))).StatusCode);
        gate.Release(1); // the warm-up run (one bucket: MaxBatchSize is 1)
        await loading;
        gated.Blocking = true;
        var request = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""";
        var running = PostAsync(host, "/v2/models/slow/infer", request);
        await WaitUntil(() => gated.Waiting == 1);
        var queued = PostAsync(host, "/v2/models/slow/infer", request);
        await WaitUntil(() => repository.GetModel("slow").Latest!.GetStatistics().PendingRequests == 1);

        await AssertErrorAsync(host, "/v2/models/slow/infer", request, (HttpStatusCode)429, "full");
        gate.Release(10);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);
    }

    [Fact]
    public async Task The_repository_extension_lists_loads_reloads_and_unloads_models_at_run_time()
    {
        var root = _directory.Combine("repo");
        WriteVersion(root, "a", 1);
        await using var host = await StartAsync(serving: s => s.AddRepository(root), model: false);
        WriteVersion(root, "a", 2);
        WriteVersion(root, "b", 1);

        Assert.Equal("""[{"name":"a","version":"1","state":"READY","reason":""}]""", await IndexAsync(host));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, "/v2/repository/models/a/load", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, "/v2/repository/models/b/load", "{}")).StatusCode);
        Assert.Equal("""[{"name":"a","version":"2","state":"READY","reason":""},{"name":"b","version":"1","state":"READY","reason":""}]""", await IndexAsync(host));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, "/v2/repository/models/a/unload", "{}")).StatusCode);
        await AssertErrorAsync(host, "/v2/models/a/infer", """{"inputs":[]}""", HttpStatusCode.NotFound, "'a'");
        await AssertErrorAsync(host, "/v2/repository/models/zzz/load", "{}", HttpStatusCode.NotFound, "zzz");
        Assert.Equal("""[{"name":"b","version":"1","state":"READY","reason":""}]""", await IndexAsync(host));
    }

    private static void WriteVersion(string root, string model, int version)
    {
        var folder = Path.Combine(root, model, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), SyntheticModels.Mlp(Sizes, seed: version));
    }

    private static async Task<string> IndexAsync(ServingHost host)
    {
        using var response = await PostAsync(host, "/v2/repository/index", "{}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private Task<ServingHost> StartAsync(Action<ServingBuilder>? serving = null, Action<OpenInferenceOptions>? protocol = null, bool model = true)
    {
        var path = _directory.Combine("mlp.onnx");
        File.WriteAllBytes(path, SyntheticModels.Mlp(Sizes));
        return ServingHost.StartAsync(s =>
        {
            if (model)
            {
                s.AddModel("mlp", path);
            }

            serving?.Invoke(s);
        }, protocol);
    }

    private static async Task<HttpResponseMessage> PostAsync(ServingHost host, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await host.Client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private static async Task<JsonDocument> PostJsonAsync(ServingHost host, string path, string json)
    {
        using var response = await PostAsync(host, path, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body);
    }

    private static async Task AssertErrorAsync(ServingHost host, string path, string json, HttpStatusCode status, string mention)
    {
        using var response = await PostAsync(host, path, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        using var error = JsonDocument.Parse(body);
        Assert.Contains(mention, error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the condition did not become true within 5 s");
    }

    private sealed class GatedExecutor(IModelExecutor inner, SemaphoreSlim gate) : IModelExecutor
    {
        private int _waiting;

        public bool Blocking { get; set; } = true;

        public int Waiting => Volatile.Read(ref _waiting);

        public ModelSignature Signature => inner.Signature;

        public IReadOnlyDictionary<string, MLOps.Tensors.Tensor> Run(IReadOnlyDictionary<string, MLOps.Tensors.Tensor> inputs)
        {
            if (Blocking)
            {
                Interlocked.Increment(ref _waiting);
                gate.Wait();
                Interlocked.Decrement(ref _waiting);
            }

            return inner.Run(inputs);
        }

        public void Run(ReadOnlySpan<MLOps.Tensors.Tensor> inputs, ReadOnlySpan<MLOps.Tensors.Tensor> outputs) => inner.Run(inputs, outputs);

        public IReadOnlyList<MLOps.Tensors.TensorShape> GetOutputShapes(ReadOnlySpan<MLOps.Tensors.TensorShape> inputShapes) => inner.GetOutputShapes(inputShapes);

        public void Dispose() => inner.Dispose();
    }
}
