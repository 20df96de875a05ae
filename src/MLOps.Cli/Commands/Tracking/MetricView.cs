using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary>A metric summary.</summary>
internal sealed record MetricView(double Last, long LastStep, double? Min, long? MinStep, double? Max, long? MaxStep, long Count)
{
    public static MetricView Of(MetricSummary s) => new(s.Last, s.LastStep, s.Min, s.MinStep, s.Max, s.MaxStep, s.Count);
}
