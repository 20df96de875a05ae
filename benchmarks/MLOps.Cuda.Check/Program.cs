using System.Globalization;
using MLOps.Cuda.Check;
using MLOps.Serving.Cuda;
using MLOps.Serving.Cuda.Verification;
using MLOps.Serving.Onnx;

// MLOps.Cuda.Check [--out results.json] [--device N] [--graphs] [--lib PATH]... [--seconds S]
// Exit codes: 0 every op within tolerance; 1 an op failed; 2 CUDA not available; 64 bad arguments.
var arguments = CheckArguments.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine("usage: MLOps.Cuda.Check [--out results.json] [--device N] [--graphs] [--lib PATH]... [--seconds S] [--ops-only]");
    return 64;
}

var options = new CudaOptions { DeviceId = arguments.Device, UseCudaGraphs = arguments.Graphs, LibraryPaths = [.. arguments.LibraryPaths] };
var (available, report) = CudaExecutor.Probe(options);
var started = DateTimeOffset.UtcNow;
if (!available)
{
    Console.Error.WriteLine(report);
    CheckReport.Write(arguments.Output, new { available = false, date = started.ToString("O", CultureInfo.InvariantCulture), report });
    return 2;
}

Console.WriteLine(report);
var device = CudaExecutor.GetDevice(arguments.Device, options);
Console.WriteLine($"device {device.Ordinal}: {device.Name}, compute {device.ComputeMajor}.{device.ComputeMinor}, {device.TotalMemoryBytes / (1 << 20)} MiB, {device.MultiprocessorCount} SMs, driver CUDA {device.DriverVersionText}");

var seed = Environment.TickCount & 0x7fffffff;
Console.WriteLine($"per-op agreement with the CPU executor (seed {seed}, tolerance {OpAgreement.Tolerance:0e0}, error = |gpu-cpu| / max(|cpu|, 1))");
var ops = new List<object>();
var failed = 0;
foreach (var op in CoveredOpModels.Names)
{
    try
    {
        var (error, elements) = OpAgreement.Compare(op, options, seed);
        var pass = error <= OpAgreement.Tolerance;
        failed += pass ? 0 : 1;
        Console.WriteLine($"  {op,-20} {error,12:0.000e+00}  {elements,6} elements  {(pass ? "pass" : "FAIL")}");
        ops.Add(new { op, maxRelativeError = error, elements, pass });
    }
    catch (Exception exception)
    {
        failed++;
        Console.WriteLine($"  {op,-20} ERROR {exception.GetType().Name}: {exception.Message}");
        ops.Add(new { op, error = exception.ToString(), pass = false });
    }
}

var throughput = new List<object>();
if (!arguments.OpsOnly)
{
    var mlp = SyntheticModels.Mlp([256, 512, 512, 10]);
    Console.WriteLine("MLP 256-512-512-10 through the dynamic batcher (sequential requests of N rows; 'clients' runs 64 concurrent 1-row clients)");
    Console.WriteLine("  engine  batch      requests   p50 ms    p99 ms     rows/s");
    foreach (var engine in new[] { "cuda", "cpu" })
    {
        foreach (var batch in new[] { 1, 64, 1024 })
        {
            var row = await MlpBench.RunAsync(mlp, engine, options, batch, clients: 1, TimeSpan.FromSeconds(arguments.Seconds));
            throughput.Add(row);
            Console.WriteLine(row.Format());
        }

        var concurrent = await MlpBench.RunAsync(mlp, engine, options, 1, clients: 64, TimeSpan.FromSeconds(arguments.Seconds));
        throughput.Add(concurrent);
        Console.WriteLine(concurrent.Format());
    }
}

CheckReport.Write(arguments.Output, new
{
    available = true,
    date = started.ToString("O", CultureInfo.InvariantCulture),
    device = new { device.Ordinal, device.Name, compute = $"{device.ComputeMajor}.{device.ComputeMinor}", device.TotalMemoryBytes, device.MultiprocessorCount, driver = device.DriverVersionText },
    libraries = report,
    seed,
    tolerance = OpAgreement.Tolerance,
    ops,
    mlp = throughput,
    cudaGraphs = arguments.Graphs,
    runtime = Environment.Version.ToString(),
});
Console.WriteLine(failed == 0 ? "all ops within tolerance" : $"{failed} op(s) failed");
return failed == 0 ? 0 : 1;
