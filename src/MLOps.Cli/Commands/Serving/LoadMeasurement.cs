namespace MLOps.Cli.Commands.Serving;

/// <summary>What <see cref="LoadDriver"/> measured over its window.</summary>
/// <param name="Requests">Requests that succeeded.</param>
/// <param name="Seconds">The window's length, from its start to the last answer.</param>
/// <param name="P50Us">Median latency, in microseconds.</param>
/// <param name="P90Us">90th percentile latency.</param>
/// <param name="P99Us">99th percentile latency.</param>
/// <param name="MeanUs">Mean latency.</param>
/// <param name="MaxUs">Largest latency.</param>
/// <param name="Errors">Requests that failed.</param>
/// <param name="ErrorSamples">The first few distinct error messages.</param>
/// <param name="MeanBatchSize">Rows per batch the model ran over the window, or null when unknown.</param>
internal sealed record LoadMeasurement(
    long Requests,
    double Seconds,
    double P50Us,
    double P90Us,
    double P99Us,
    double MeanUs,
    double MaxUs,
    long Errors,
    IReadOnlyList<string> ErrorSamples,
    double? MeanBatchSize);
