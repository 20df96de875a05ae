using System.Globalization;
using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary>Prints one run for people.</summary>
internal static class RunPrinter
{
    public static void Print(TextWriter o, Run run, IReadOnlyList<ArtifactInfo> artifacts)
    {
        o.WriteLine($"run       {run.Id}{(run.IsDeleted ? " (deleted)" : string.Empty)}");
        o.WriteLine($"name      {run.Name ?? "-"}");
        o.WriteLine($"status    {TrackingCli.Status(run.Status)}");
        o.WriteLine($"started   {TrackingCli.Format(run.StartTime)}   ended {TrackingCli.Format(run.EndTime)}   duration {TrackingCli.Format(run.Duration)}");
        o.WriteLine($"experiment {run.ExperimentId.ToString(CultureInfo.InvariantCulture)}{(run.ParentRunId is null ? string.Empty : $"   parent {run.ParentRunId}")}");
        o.WriteLine($"source    user={run.Source.User ?? "-"} host={run.Source.Host ?? "-"} commit={run.Source.GitCommit ?? "-"} entry={run.Source.EntryAssembly ?? "-"}");
        Section(o, "params", run.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {p.Value} ({p.Value.Kind.ToString().ToLowerInvariant()})"));
        Section(o, "metrics", run.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m =>
            $"{m.Key}: last {TrackingCli.Format(m.Last)} @ {m.LastStep}, min {TrackingCli.Format(m.Min)} @ {m.MinStep?.ToString(CultureInfo.InvariantCulture) ?? "-"}, " +
            $"max {TrackingCli.Format(m.Max)} @ {m.MaxStep?.ToString(CultureInfo.InvariantCulture) ?? "-"}, {m.Count} points"));
        Section(o, "tags", run.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} = {t.Value}"));
        Section(o, "inputs", run.Inputs.Select(i => i.Context is null ? i.Reference.ToString() : $"{i.Reference} ({i.Context})"));
        Section(o, "artifacts", artifacts.Select(a => $"{a.Path}  {a.Size} bytes  {a.Hash}"));
    }

    private static void Section(TextWriter o, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        o.WriteLine($"{title} ({list.Count})");
        foreach (var line in list)
        {
            o.WriteLine("  " + line);
        }
    }
}
