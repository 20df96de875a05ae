using System.Diagnostics.Metrics;

namespace MLOps.Drift;

/// <summary>
/// The drift module's instruments, on the meter <c>MLOps.Drift</c> (so OpenTelemetry collects them with
/// <c>AddMeter("MLOps.Drift")</c>): windows evaluated, drift started and stopped events, the share of
/// drifted columns per window, and each column's statistic, tagged with the monitor, column and test.
/// </summary>
public static class DriftMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "MLOps.Drift";

    private static readonly Meter Meter = new(MeterName, "1.0");

    internal static Counter<long> Windows { get; } = Meter.CreateCounter<long>("mlops.drift.windows", "{window}", "Windows evaluated against the reference.");

    internal static Counter<long> DriftStarted { get; } = Meter.CreateCounter<long>("mlops.drift.started", "{event}", "Transitions from no drift to dataset drift.");

    internal static Counter<long> DriftStopped { get; } = Meter.CreateCounter<long>("mlops.drift.stopped", "{event}", "Transitions from dataset drift back to none.");

    internal static Histogram<double> DriftedShare { get; } = Meter.CreateHistogram<double>("mlops.drift.drifted_share", "1", "The share of drifted columns per window.");

    internal static Histogram<double> ColumnStatistic { get; } = Meter.CreateHistogram<double>("mlops.drift.column.statistic", "1", "Each column's test statistic per window.");

    internal static Counter<long> SamplerDropped { get; } = Meter.CreateCounter<long>("mlops.drift.sampler.dropped", "{batch}", "Batches a drift sampler dropped because its queue was full.");

    /// <summary>A report as flat metric names and values, the form a tracking run logs: <c>drift.dataset_drift</c> (0/1), <c>drift.drifted_share</c>, and per column <c>drift.COLUMN.statistic</c>, <c>.p_value</c> and <c>.drifted</c>.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The metrics, in a stable order.</returns>
    public static IReadOnlyList<KeyValuePair<string, double>> Flatten(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var metrics = new List<KeyValuePair<string, double>>
        {
            new("drift.dataset_drift", report.DatasetDrift ? 1 : 0),
            new("drift.drifted_share", report.DriftedShare),
        };
        foreach (ColumnDriftResult column in report.Columns)
        {
            metrics.Add(new($"drift.{column.Column}.statistic", column.Statistic));
            if (column.AdjustedPValue is { } p)
            {
                metrics.Add(new($"drift.{column.Column}.p_value", p));
            }

            metrics.Add(new($"drift.{column.Column}.drifted", column.Drifted ? 1 : 0));
        }

        return metrics;
    }
}
