namespace MLOps.Cli.Commands.Serving;

/// <summary>What <c>mlops loadtest</c> reports (snake_case in JSON).</summary>
/// <param name="Mode"><c>in_process</c> (the model loaded here, called without HTTP) or <c>http</c>.</param>
/// <param name="Protocol"><c>direct</c> in process; <c>json</c> or <c>binary</c> (the binary tensor extension) over HTTP.</param>
/// <param name="Model">The model's name.</param>
/// <param name="Source">The model file in process, or the server's URL.</param>
/// <param name="Concurrency">Closed-loop callers.</param>
/// <param name="RowsPerRequest">Rows in each request.</param>
/// <param name="WarmupS">Seconds run before measuring.</param>
/// <param name="DurationS">Seconds measured.</param>
/// <param name="Requests">Requests that succeeded in the window.</param>
/// <param name="InferencesPerS">Rows per second.</param>
/// <param name="RequestsPerS">Requests per second.</param>
/// <param name="P50Us">Median latency, in microseconds.</param>
/// <param name="P90Us">90th percentile latency.</param>
/// <param name="P99Us">99th percentile latency.</param>
/// <param name="MeanUs">Mean latency.</param>
/// <param name="MaxUs">Largest latency.</param>
/// <param name="Errors">Requests that failed in the window.</param>
/// <param name="ErrorSamples">The first few distinct error messages.</param>
/// <param name="MeanBatchSize">Rows per batch the model ran in the window (from the batcher's counters, or the server's statistics), or null when unknown.</param>
/// <param name="Batching">The batching settings, in process; null over HTTP (the server's own apply).</param>
/// <param name="Swaps">Versions loaded and swapped in during the measured window (<c>--swaps</c>).</param>
internal sealed record LoadTestResult(
    string Mode,
    string Protocol,
    string Model,
    string Source,
    int Concurrency,
    int RowsPerRequest,
    double WarmupS,
    double DurationS,
    long Requests,
    double InferencesPerS,
    double RequestsPerS,
    double P50Us,
    double P90Us,
    double P99Us,
    double MeanUs,
    double MaxUs,
    long Errors,
    IReadOnlyList<string> ErrorSamples,
    double? MeanBatchSize,
    BatchingView? Batching,
    int Swaps = 0);
