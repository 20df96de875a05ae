namespace MLOps.Cli.Commands.Model;

/// <summary>What <c>mlops model bench</c> reports (snake_case in JSON).</summary>
/// <param name="Model">The model file.</param>
/// <param name="Batch">Rows per call.</param>
/// <param name="Threads">Kernel threads per call.</param>
/// <param name="Calls">Calls measured.</param>
/// <param name="Seconds">Time measured.</param>
/// <param name="RowsPerSecond">Rows per second.</param>
/// <param name="CallsPerSecond">Calls per second.</param>
/// <param name="P50Us">Median latency in microseconds.</param>
/// <param name="P90Us">90th percentile latency in microseconds.</param>
/// <param name="P99Us">99th percentile latency in microseconds.</param>
/// <param name="MeanUs">Mean latency in microseconds.</param>
/// <param name="AllocatedBytesPerCall">Managed bytes allocated on the calling thread per call.</param>
/// <param name="PreallocatedOutputs">Whether calls wrote into preallocated outputs (false when output shapes depend on input values).</param>
internal sealed record BenchResult(
    string Model,
    int Batch,
    int Threads,
    int Calls,
    double Seconds,
    double RowsPerSecond,
    double CallsPerSecond,
    double P50Us,
    double P90Us,
    double P99Us,
    double MeanUs,
    double AllocatedBytesPerCall,
    bool PreallocatedOutputs);
