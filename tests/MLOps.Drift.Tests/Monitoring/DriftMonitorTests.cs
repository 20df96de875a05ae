using System.Diagnostics.Metrics;
using MLOps.Data;
using MLOps.Testing;

namespace MLOps.Drift.Tests.Monitoring;

public sealed class DriftMonitorTests
{
    private static RecordBatch Rows(int n, double shift, int seed) => TestData.Batch(("x", new Float64Column(TestData.Normal(n, shift: shift, seed: seed))));

    private static ReferenceProfile Reference() => ReferenceProfile.Create(Rows(2000, 0, 1));

    [Fact]
    public void Tumbling_windows_raise_started_and_stopped_events_once_each()
    {
        var clock = new FakeTimeProvider();
        var monitor = new DriftMonitor(Reference(), new DriftMonitorOptions { Name = "tumbling", WindowSize = 500 }, clock);
        var started = new List<DriftWindowEventArgs>();
        var stopped = new List<DriftWindowEventArgs>();
        monitor.DriftStarted += (_, e) => started.Add(e);
        monitor.DriftStopped += (_, e) => stopped.Add(e);

        Assert.Empty(monitor.Observe(Rows(300, 0, 2)));
        var first = monitor.Observe(Rows(700, 0, 3));
        Assert.Equal(2, first.Count);
        Assert.Equal([0L, 500L], first.Select(w => w.FirstRow));
        Assert.False(monitor.IsDrifting);

        clock.Advance(TimeSpan.FromMinutes(5));
        var drift = monitor.Observe(Rows(1000, 1.0, 4));
        Assert.Equal(2, drift.Count);
        Assert.True(monitor.IsDrifting);
        Assert.Single(started);
        Assert.Equal(2, started[0].WindowIndex);
        Assert.Equal(clock.GetUtcNow(), started[0].Timestamp);
        Assert.Equal(["x"], started[0].DriftedColumns);

        monitor.Observe(Rows(500, 0, 5));
        Assert.Single(stopped);
        Assert.False(monitor.IsDrifting);
        Assert.Equal(5, monitor.WindowsEvaluated);
        Assert.Equal(2500, monitor.RowsObserved);
    }

    [Fact]
    public void Sliding_windows_evaluate_every_step_over_the_last_window_of_rows()
    {
        var monitor = new DriftMonitor(Reference(), new DriftMonitorOptions { WindowSize = 400, Step = 100 });
        var windows = new List<DriftWindowEventArgs>();
        for (var i = 0; i < 10; i++)
        {
            windows.AddRange(monitor.Observe(Rows(70, 0, 10 + i)));
        }

        Assert.Equal([0L, 100L, 200L, 300L], windows.Select(w => w.FirstRow));
        Assert.All(windows, w => Assert.Equal(400, w.Report.CurrentRows));
    }

    [Fact]
    public void Windows_are_counted_on_the_drift_meter()
    {
        var measurements = new List<(string Instrument, double Value, string? Monitor)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DriftMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i.Name, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i.Name, v, tags));
        listener.Start();

        var monitor = new DriftMonitor(Reference(), new DriftMonitorOptions { Name = "metered", WindowSize = 200 });
        monitor.Observe(Rows(400, 2.0, 20));
        lock (measurements)
        {
            var mine = measurements.Where(m => m.Monitor == "metered").ToList();
            Assert.Equal(2, mine.Count(m => m.Instrument == "mlops.drift.windows"));
            Assert.Equal(1, mine.Count(m => m.Instrument == "mlops.drift.started"));
            Assert.Equal(2, mine.Count(m => m.Instrument == "mlops.drift.column.statistic"));
        }

        void Record(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? monitorName = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "monitor")
                {
                    monitorName = tag.Value as string;
                }
            }

            lock (measurements)
            {
                measurements.Add((name, value, monitorName));
            }
        }
    }

    [Fact]
    public void A_batch_with_another_schema_is_rejected()
    {
        var monitor = new DriftMonitor(Reference(), new DriftMonitorOptions { WindowSize = 100 });
        monitor.Observe(Rows(50, 0, 1));
        Assert.Throws<ValidationException>(() => monitor.Observe(TestData.Batch(("y", new Float64Column(new double[3])))));
        Assert.Throws<ValidationException>(() => new DriftMonitor(Reference(), new DriftMonitorOptions { WindowSize = 10, Step = 11 }));
    }
}
