using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MLOps.Pipelines.Triggers;

/// <summary>
/// A hosted service that watches every registered <see cref="PipelineSchedule"/> and runs its pipeline on each
/// trigger event. Runs of one schedule never overlap (events arriving meanwhile wait their turn); a failed
/// run is logged and the schedule keeps going. Stopping the host cancels the runs in progress.
/// </summary>
public sealed partial class PipelineTriggerService : BackgroundService
{
    private readonly PipelineRunner _runner;
    private readonly IReadOnlyList<PipelineSchedule> _schedules;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="schedules">The schedules.</param>
    /// <param name="logger">The logger; none when null.</param>
    public PipelineTriggerService(PipelineRunner runner, IEnumerable<PipelineSchedule> schedules, ILogger<PipelineTriggerService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(schedules);
        _runner = runner;
        _schedules = [.. schedules];
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Called after each triggered run ends (on the service's thread; keep it short). Set before the host starts.</summary>
    /// <value>The default value is null.</value>
    public Action<PipelineRunResult>? RunCompleted { get; set; }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_schedules.Select(schedule => WatchAsync(schedule, stoppingToken)));

    private async Task WatchAsync(PipelineSchedule schedule, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var trigger in schedule.Trigger.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    LogTriggered(schedule.Pipeline.Name, trigger.Source, trigger.Reason);
                    var result = await _runner.RunAsync(schedule.Pipeline, trigger.Parameters, stoppingToken).ConfigureAwait(false);
                    LogRan(schedule.Pipeline.Name, result.RunId, result.Status, result.Duration.TotalMilliseconds);
                    RunCompleted?.Invoke(result);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogRunError(exception, schedule.Pipeline.Name, trigger.Reason);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Pipeline {Pipeline} triggered by {Source}: {Reason}")]
    private partial void LogTriggered(string pipeline, string source, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Pipeline {Pipeline} run {RunId} ended {Status} in {DurationMs} ms")]
    private partial void LogRan(string pipeline, string runId, PipelineRunStatus status, double durationMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Pipeline {Pipeline} could not run for trigger {Reason}")]
    private partial void LogRunError(Exception exception, string pipeline, string reason);
}
