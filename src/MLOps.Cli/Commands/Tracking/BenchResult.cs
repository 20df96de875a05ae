namespace MLOps.Cli.Commands.Tracking;

/// <summary>What <c>mlops tracking bench</c> prints (as snake_case JSON with <c>--json</c>).</summary>
internal sealed record BenchResult(
    string Backend,
    string Database,
    int ProcessorCount,
    int Runs,
    int MetricsPerRun,
    int Steps,
    long Points,
    double LogSeconds,
    double PointsPerSecond,
    int SearchRuns,
    double? ImportSeconds,
    string SearchFilter,
    string SearchOrderBy,
    double? SearchMs,
    double? SearchColdMs,
    double? SearchP95Ms,
    int SearchPageRuns,
    string SearchOrFilter,
    double? SearchOrMs,
    double? SearchDefaultOrderMs,
    int SearchRepeats,
    int HistoryPoints,
    int HistoryReturned,
    double? HistoryMs);
