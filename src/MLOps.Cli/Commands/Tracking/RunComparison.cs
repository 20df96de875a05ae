using MLOps.Cli.Output;
using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary>Runs side by side: each param, metric (last value) and tag by run, and which of them differ.</summary>
internal sealed record RunComparison(
    IReadOnlyList<RunView> Runs,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> Params,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>> Metrics,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> Tags,
    IReadOnlyList<string> Differences)
{
    public static RunComparison Of(IReadOnlyList<Run> runs)
    {
        var parameters = Pivot(runs, r => r.Params.ToDictionary(p => p.Key, p => (object?)p.Value.Value, StringComparer.Ordinal));
        var metrics = Pivot(runs, r => r.Metrics.ToDictionary(m => m.Key, m => (double?)m.Value.Last, StringComparer.Ordinal));
        var tags = Pivot(runs, r => r.Tags.ToDictionary(t => t.Key, t => (string?)t.Value, StringComparer.Ordinal));
        var differences = parameters.Where(p => Differs(p.Value.Values)).Select(p => "params." + p.Key)
            .Concat(metrics.Where(m => Differs(m.Value.Values.Cast<object?>())).Select(m => "metrics." + m.Key))
            .Concat(tags.Where(t => Differs(t.Value.Values)).Select(t => "tags." + t.Key))
            .ToList();
        return new RunComparison(runs.Select(RunView.Of).ToList(), parameters, metrics, tags, differences);
    }

    public static void Print(TextWriter o, RunComparison comparison)
    {
        var headers = new List<string> { "field" };
        headers.AddRange(comparison.Runs.Select(r => r.Name is null ? r.RunId[..8] : $"{r.Name} ({r.RunId[..8]})"));
        headers.Add("differs");
        var rows = new List<IReadOnlyList<string>>
        {
            Row("status", comparison.Runs.Select(r => r.Status), differs: false),
            Row("duration", comparison.Runs.Select(r => r.DurationSeconds is { } d ? TrackingCli.Format(TimeSpan.FromSeconds(d)) : "-"), differs: false),
        };
        rows.AddRange(comparison.Params.Select(p => Row("params." + p.Key, p.Value.Values.Select(v => v?.ToString() ?? "-"), comparison.Differences.Contains("params." + p.Key, StringComparer.Ordinal))));
        rows.AddRange(comparison.Metrics.Select(m => Row("metrics." + m.Key, m.Value.Values.Select(TrackingCli.Format), comparison.Differences.Contains("metrics." + m.Key, StringComparer.Ordinal))));
        rows.AddRange(comparison.Tags.Select(t => Row("tags." + t.Key, t.Value.Values.Select(v => v ?? "-"), comparison.Differences.Contains("tags." + t.Key, StringComparer.Ordinal))));
        TableWriter.Write(o, headers, rows);
    }

    private static List<string> Row(string field, IEnumerable<string> values, bool differs)
    {
        var row = new List<string> { field };
        row.AddRange(values);
        row.Add(differs ? "*" : string.Empty);
        return row;
    }

    // One entry per key holding each run's value (null when the run lacks the key), in run order.
    private static SortedDictionary<string, IReadOnlyDictionary<string, T?>> Pivot<T>(IReadOnlyList<Run> runs, Func<Run, Dictionary<string, T?>> values)
    {
        var perRun = runs.Select(r => (r.Id, Values: values(r))).ToList();
        var pivot = new SortedDictionary<string, IReadOnlyDictionary<string, T?>>(StringComparer.Ordinal);
        foreach (var key in perRun.SelectMany(r => r.Values.Keys).Distinct(StringComparer.Ordinal))
        {
            var byRun = new Dictionary<string, T?>(StringComparer.Ordinal);
            foreach (var (id, map) in perRun)
            {
                byRun[id] = map.TryGetValue(key, out var value) ? value : default;
            }

            pivot[key] = byRun;
        }

        return pivot;
    }

    private static bool Differs<T>(IEnumerable<T> values) => values.Select(v => v?.ToString()).Distinct(StringComparer.Ordinal).Skip(1).Any();
}
