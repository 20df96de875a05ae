using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace MLOps.Pipelines.Triggers;

/// <summary>
/// A trigger an app fires itself: from a callback, a webhook, a drift monitor's handler. Events fired
/// before anyone watches are kept (bounded to 1,000; the oldest are dropped beyond that).
/// </summary>
/// <param name="source">The kind reported on events, e.g. <c>drift</c>.</param>
public sealed class ManualTrigger(string source = "manual") : IPipelineTrigger
{
    private readonly Channel<TriggerEvent> _events = Channel.CreateBounded<TriggerEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>Fires the trigger.</summary>
    /// <param name="reason">What happened.</param>
    /// <param name="at">When.</param>
    /// <param name="parameters">Parameter values for the run, or null.</param>
    public void Fire(string reason, DateTimeOffset at, IReadOnlyDictionary<string, object?>? parameters = null) =>
        _events.Writer.TryWrite(new TriggerEvent(source, reason, at, parameters));

    /// <inheritdoc />
    public async IAsyncEnumerable<TriggerEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_events.Reader.TryRead(out var item))
            {
                yield return item;
            }
        }
    }
}
