// An ASP.NET Core app that serves the model registry's "champion" with dynamic batching, the Open
// Inference Protocol (KServe v2) endpoints, Prometheus metrics and health checks, plus one typed
// endpoint of its own that calls the model in-process.
//
//   dotnet run --project samples/MLOps.Samples.AspNetInference -- --workspace .mlops --urls http://127.0.0.1:8080
//   curl -s http://127.0.0.1:8080/v2/models/churn
//   curl -s -X POST http://127.0.0.1:8080/v2/models/churn/infer -H 'Content-Type: application/json' \
//        -d '{"inputs":[{"name":"features","shape":[1,3],"datatype":"FP32","data":[3,95,0]}]}'
//   curl -s -X POST http://127.0.0.1:8080/churn -H 'Content-Type: application/json' -d '{"tenureMonths":3,"monthlySpend":95,"proAnnual":false}'
//   curl -s http://127.0.0.1:8080/metrics
//
// The workspace is the one the quickstart fills (it registers model:churn@champion); if it has no churn
// model yet, this app registers a small synthetic one so it can start on its own.
using MLOps.Samples.AspNetInference;
using MLOps.Serving;
using MLOps.Storage;
using MLOps.Tensors;

var builder = WebApplication.CreateSlimBuilder(args);
var workspacePath = builder.Configuration["workspace"] ?? ".mlops";
await ChampionBootstrap.EnsureChampionAsync(workspacePath);

builder.Services.AddMLOps()
    .UseWorkspace(o => o.Path = workspacePath)
    .AddTracking()
    .AddServing(serving => serving.AddRegistryModel("churn", "model:churn@champion", model =>
    {
        model.Batching.MaxBatchSize = 64;
        model.Batching.MaxQueueDelay = TimeSpan.FromMicroseconds(500);
    }));
builder.Services.AddHealthChecks().AddModelRepository();

var app = builder.Build();
app.MapOpenInferenceProtocol();
app.MapPrometheusMetrics("/metrics");
app.MapHealthChecks("/healthz");
app.MapPost("/churn", async (Customer customer, ModelRepository models, CancellationToken cancellationToken) =>
{
    var features = Tensor.Create([customer.TenureMonths, customer.MonthlySpend, customer.ProAnnual ? 1f : 0f], 1, 3);
    var response = await models.InferAsync("churn", new InferenceRequest(features), cancellationToken);
    return new ChurnPrediction(((Tensor<float>)response["churn_probability"]).Span[0], int.Parse(response.ModelVersion, System.Globalization.CultureInfo.InvariantCulture));
});

await app.RunAsync();
