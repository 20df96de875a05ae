namespace MLOps.Drift;

/// <summary>What a <see cref="DriftMonitor"/> reports about one evaluated window.</summary>
public sealed class DriftWindowEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="monitor">The monitor's name.</param>
    /// <param name="windowIndex">The window's number, from 0.</param>
    /// <param name="firstRow">The stream row (from 0) the window starts at.</param>
    /// <param name="report">The window's drift report.</param>
    /// <param name="timestamp">When the window was evaluated (the monitor's clock).</param>
    public DriftWindowEventArgs(string monitor, long windowIndex, long firstRow, DriftReport report, DateTimeOffset timestamp)
    {
        Monitor = monitor;
        WindowIndex = windowIndex;
        FirstRow = firstRow;
        Report = report;
        Timestamp = timestamp;
    }

    /// <summary>The monitor's name.</summary>
    public string Monitor { get; }

    /// <summary>The window's number, from 0.</summary>
    public long WindowIndex { get; }

    /// <summary>The stream row (from 0) the window starts at.</summary>
    public long FirstRow { get; }

    /// <summary>The window's drift report.</summary>
    public DriftReport Report { get; }

    /// <summary>When the window was evaluated.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The drifted columns of the window.</summary>
    public IReadOnlyList<string> DriftedColumns => [.. Report.Columns.Where(c => c.Drifted).Select(c => c.Column)];
}
