using MLOps.Storage;
using MLOps.Tracking.Metrics;

namespace MLOps.Tracking.Schema;

/// <summary>What every part of the store shares: the workspace, its tables in this dialect, the clock, the options and the metric writer.</summary>
internal sealed class TrackingContext
{
    public TrackingContext(MLOpsWorkspace workspace, TrackingOptions options)
    {
        Workspace = workspace;
        Options = options;
        Tables = new TrackingTables(workspace.Dialect);
        User = options.User ?? SafeUserName();
        Points = new MetricBatchStore(this);
        Writer = new MetricWriter(this);
    }

    public MLOpsWorkspace Workspace { get; }

    public ISqlDatabase Database => Workspace.Database;

    public ISqlDialect Dialect => Workspace.Dialect;

    public bool IsSqlite => string.Equals(Dialect.Name, "sqlite", StringComparison.Ordinal);

    public TrackingTables Tables { get; }

    public TimeProvider Clock => Workspace.TimeProvider;

    public TrackingOptions Options { get; }

    public string? User { get; }

    public MetricBatchStore Points { get; }

    public MetricWriter Writer { get; }

    public long Now() => Sql.Micros.Now(Clock);

    private static string? SafeUserName()
    {
        try
        {
            return Environment.UserName;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }
}
