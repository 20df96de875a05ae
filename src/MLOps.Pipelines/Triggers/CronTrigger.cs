using System.Runtime.CompilerServices;

namespace MLOps.Pipelines.Triggers;

/// <summary>Fires at each occurrence of a cron schedule, reading time from a <see cref="TimeProvider"/>.</summary>
/// <param name="schedule">The schedule.</param>
/// <param name="timeProvider">The clock; the system clock when null.</param>
/// <param name="timeZone">The zone the schedule is read in; UTC when null.</param>
public sealed class CronTrigger(CronExpression schedule, TimeProvider? timeProvider = null, TimeZoneInfo? timeZone = null) : IPipelineTrigger
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>The schedule.</summary>
    public CronExpression Schedule { get; } = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <inheritdoc />
    public async IAsyncEnumerable<TriggerEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = _time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (Schedule.GetNextOccurrence(after, timeZone) is not { } next)
            {
                yield break;
            }

            var wait = next - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            after = next;
            yield return new TriggerEvent("cron", Schedule.Text, next);
        }
    }
}
