using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary><c>mlops runs list|show|compare|metrics</c>: search and inspect tracked runs.</summary>
public static class RunsCommands
{
    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new Command("runs", "Search and inspect tracked runs.")
        {
            List(actions),
            Show(actions),
            Compare(actions),
            Metrics(actions),
        };
    }

    private static Command List(CommandActions actions)
    {
        var experiment = new Option<string[]>("--experiment", "-e") { Description = "Only runs of this experiment (repeat for several).", AllowMultipleArgumentsPerToken = false };
        var filter = new Option<string?>("--filter", "-f") { Description = "A filter such as \"metrics.rmse < 0.5 and (params.model = 'gbm' or tags.team IN ('a','b'))\"." };
        var orderBy = new Option<string?>("--order-by", "-o") { Description = "One field and ASC or DESC, such as 'metrics.rmse ASC' (default: attributes.start_time DESC)." };
        var max = new Option<int>("--max", "-n") { Description = "The page size.", DefaultValueFactory = _ => 100 };
        var pageToken = new Option<string?>("--page-token") { Description = "The next_page_token printed by the previous page." };
        var deleted = new Option<bool>("--deleted") { Description = "List soft-deleted runs instead." };
        var command = new Command("list", "List runs matching a filter, ordered, one page at a time.") { experiment, filter, orderBy, max, pageToken, deleted };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var tracking = await TrackingCli.OpenAsync(context, create: false, cancellationToken);
            try
            {
                var query = new RunQuery
                {
                    Experiments = context.Get(experiment) is { Length: > 0 } names ? names : null,
                    Filter = context.Get(filter),
                    OrderBy = context.Get(orderBy),
                    MaxResults = context.Get(max),
                    PageToken = context.Get(pageToken),
                    ViewType = context.Get(deleted) ? RunViewType.DeletedOnly : RunViewType.ActiveOnly,
                };
                var result = await tracking.Runs.SearchAsync(query, cancellationToken);
                var views = result.Runs.Select(RunView.Of).ToList();
                context.Write(new { runs = views, next_page_token = result.NextPageToken }, o =>
                {
                    TableWriter.Write(o, ["run_id", "name", "status", "started", "duration", "metrics"], result.Runs.Select(r => (IReadOnlyList<string>)
                    [
                        r.Id,
                        r.Name ?? "-",
                        TrackingCli.Status(r.Status),
                        TrackingCli.Format(r.StartTime),
                        TrackingCli.Format(r.Duration),
                        string.Join(' ', r.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Take(4).Select(m => $"{m.Key}={TrackingCli.Format(m.Value.Last)}")),
                    ]));
                    if (result.NextPageToken is not null)
                    {
                        o.WriteLine($"more: --page-token {result.NextPageToken}");
                    }
                });
                return 0;
            }
            finally
            {
                await TrackingCli.CloseAsync(tracking);
            }
        });
        return command;
    }

    private static Command Show(CommandActions actions)
    {
        var runId = new Argument<string>("RUN_ID") { Description = "The run id." };
        var command = new Command("show", "Show a run: attributes, params, metric summaries, tags, inputs and artifacts.") { runId };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var tracking = await TrackingCli.OpenAsync(context, create: false, cancellationToken);
            try
            {
                var run = await tracking.Runs.GetAsync(context.Get(runId)!, cancellationToken);
                var artifacts = await tracking.Artifacts.ListAsync(run.Id, cancellationToken: cancellationToken);
                var view = RunView.Of(run);
                var artifactViews = artifacts.Select(a => new { path = a.Path, size = a.Size, hash = a.Hash.ToString() }).ToList();
                context.Write(new { run = view, artifacts = artifactViews }, o => RunPrinter.Print(o, run, artifacts));
                return 0;
            }
            finally
            {
                await TrackingCli.CloseAsync(tracking);
            }
        });
        return command;
    }

    private static Command Compare(CommandActions actions)
    {
        var runIds = new Argument<string[]>("RUN_ID") { Description = "Two or more run ids.", Arity = new ArgumentArity(2, 100) };
        var command = new Command("compare", "Compare runs side by side: params, metric summaries and tags, marking what differs.") { runIds };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var tracking = await TrackingCli.OpenAsync(context, create: false, cancellationToken);
            try
            {
                var runs = new List<Run>();
                foreach (var id in context.Get(runIds)!)
                {
                    runs.Add(await tracking.Runs.GetAsync(id, cancellationToken));
                }

                var comparison = RunComparison.Of(runs);
                context.Write(comparison, o => RunComparison.Print(o, comparison));
                return 0;
            }
            finally
            {
                await TrackingCli.CloseAsync(tracking);
            }
        });
        return command;
    }

    private static Command Metrics(CommandActions actions)
    {
        var runId = new Argument<string>("RUN_ID") { Description = "The run id." };
        var key = new Argument<string>("KEY") { Description = "The metric key." };
        var maxPoints = new Option<int?>("--max-points") { Description = "Downsample to at most this many points (default: all)." };
        var method = new Option<DownsamplingMethod>("--method") { Description = "Downsampling: lttb (keeps the shape) or minmax (keeps every extreme).", DefaultValueFactory = _ => DownsamplingMethod.Lttb };
        var fromStep = new Option<long?>("--from-step") { Description = "The first step to include." };
        var toStep = new Option<long?>("--to-step") { Description = "The last step to include." };
        var command = new Command("metrics", "Print a metric's history in step order, optionally downsampled.") { runId, key, maxPoints, method, fromStep, toStep };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var tracking = await TrackingCli.OpenAsync(context, create: false, cancellationToken);
            try
            {
                var id = context.Get(runId)!;
                var options = new MetricHistoryOptions { MaxPoints = context.Get(maxPoints), Method = context.Get(method), FromStep = context.Get(fromStep), ToStep = context.Get(toStep) };
                var history = await tracking.Metrics.GetHistoryAsync(id, context.Get(key)!, options, cancellationToken);
                var summary = await tracking.Metrics.GetSummaryAsync(id, history.Key, cancellationToken);
                var result = new
                {
                    run_id = id,
                    key = history.Key,
                    total_points = history.TotalPoints,
                    method = history.Method?.ToString().ToLowerInvariant(),
                    summary = MetricView.Of(summary),
                    points = history.Points.Select(p => new { step = p.Step, value = p.Value, timestamp = p.Timestamp }).ToList(),
                };
                context.Write(result, o =>
                {
                    o.WriteLine($"{history.Key}: {history.Points.Count} of {history.TotalPoints} points{(history.Method is { } m ? $" ({m.ToString().ToLowerInvariant()})" : string.Empty)}; " +
                        $"last {TrackingCli.Format(summary.Last)} at step {summary.LastStep}, min {TrackingCli.Format(summary.Min)}, max {TrackingCli.Format(summary.Max)}");
                    TableWriter.Write(o, ["step", "value", "timestamp"], history.Points.Select(p => (IReadOnlyList<string>)
                        [p.Step.ToString(CultureInfo.InvariantCulture), TrackingCli.Format(p.Value), TrackingCli.Format(p.Timestamp)]));
                });
                return 0;
            }
            finally
            {
                await TrackingCli.CloseAsync(tracking);
            }
        });
        return command;
    }
}
