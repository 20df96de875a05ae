namespace MLOps.Cli.Commands.Tracking;

/// <summary>The sizes of a <c>mlops tracking bench</c> run.</summary>
internal sealed record BenchSettings(int Runs, int MetricsPerRun, int Steps, int SearchRuns, int Repeats, int HistoryPoints = 0)
{
    public void Validate()
    {
        if (Runs < 1 || MetricsPerRun < 1 || Steps < 1 || SearchRuns < 0 || Repeats < 1 || HistoryPoints is < 0 or > 100_000_000)
        {
            throw new ValidationException($"Bench sizes must be positive: --runs {Runs}, --metrics-per-run {MetricsPerRun}, --steps {Steps}, --search-runs {SearchRuns} (0 skips search), --repeats {Repeats}, --history-points {HistoryPoints} (0 skips, at most 100,000,000).");
        }

        if ((long)Runs * MetricsPerRun * Steps > 100_000_000)
        {
            throw new ValidationException($"The bench would log {(long)Runs * MetricsPerRun * Steps:N0} points; keep --runs x --metrics-per-run x --steps at most 100,000,000.");
        }
    }
}
