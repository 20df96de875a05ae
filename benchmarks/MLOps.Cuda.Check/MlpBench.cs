using System.Diagnostics;
using System.Globalization;
using MLOps.Serving;
using MLOps.Serving.Cuda;
using MLOps.Tensors;

namespace MLOps.Cuda.Check;

/// <summary>The MLP through the dynamic batcher: latency percentiles and rows per second.</summary>
internal sealed record MlpBench(string Engine, int Batch, int Clients, int Requests, double P50Ms, double P99Ms, double RowsPerSecond)
{
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"  {Engine,-6} {(Clients > 1 ? $"{Batch}x{Clients}c" : Batch.ToString(CultureInfo.InvariantCulture)),-9} {Requests,9} {P50Ms,9:0.000} {P99Ms,9:0.000} {RowsPerSecond,12:0}");

    public static async Task<MlpBench> RunAsync(byte[] model, string engine, CudaOptions options, int batch, int clients, TimeSpan duration)
    {
        IModelExecutor executor = engine == "cuda" ? CudaExecutor.Load(model, options) : OnnxModel.Load(model);
        var batching = new BatchingOptions { MaxBatchSize = 1024, MaxQueueDelay = clients > 1 ? TimeSpan.FromMilliseconds(0.5) : TimeSpan.Zero };
        try
        {
            await using var batcher = new DynamicBatcher(executor, batching, modelName: "mlp");
            var input = Tensor.Create(Enumerable.Range(0, batch * 256).Select(i => (float)Math.Sin(i)).ToArray(), batch, 256);
            var request = new InferenceRequest(input);
            for (var i = 0; i < 20; i++)
            {
                await batcher.InferAsync(request);
            }

            var latencies = new List<double>[clients];
            var start = Stopwatch.GetTimestamp();
            var stop = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = latencies[c] = [];
                while (Stopwatch.GetTimestamp() < stop)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    await batcher.InferAsync(request);
                    mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
            })));
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new MlpBench(engine, batch, clients, all.Length, Percentile(all, 0.50), Percentile(all, 0.99), all.Length * (double)batch / elapsed);
        }
        finally
        {
            executor.Dispose();
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
