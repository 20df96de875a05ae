using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary>The JSON shape of a run printed by <c>--json</c> (snake_case; params keep their types; NaN is written as "NaN").</summary>
internal sealed record RunView(
    string RunId,
    long ExperimentId,
    string? Name,
    string Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    double? DurationSeconds,
    string? ParentRunId,
    bool Deleted,
    SourceView Source,
    IReadOnlyDictionary<string, object> Params,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, MetricView> Metrics,
    IReadOnlyList<InputView> Inputs)
{
    public static RunView Of(Run run) => new(
        run.Id,
        run.ExperimentId,
        run.Name,
        TrackingCli.Status(run.Status),
        run.StartTime,
        run.EndTime,
        run.Duration?.TotalSeconds,
        run.ParentRunId,
        run.IsDeleted,
        new SourceView(run.Source.User, run.Source.Host, run.Source.GitCommit, run.Source.EntryAssembly),
        new SortedDictionary<string, object>(run.Params.ToDictionary(p => p.Key, p => p.Value.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        new SortedDictionary<string, string>(run.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        new SortedDictionary<string, MetricView>(run.Metrics.ToDictionary(m => m.Key, m => MetricView.Of(m.Value), StringComparer.Ordinal), StringComparer.Ordinal),
        run.Inputs.Select(i => new InputView(i.Reference.ToString(), i.Context)).ToList());
}
