using System.Globalization;
using System.Runtime.CompilerServices;

namespace MLOps.Pipelines.Triggers;

/// <summary>Fires when a drift source reports drift with a score at or above a threshold.</summary>
/// <param name="source">The drift events.</param>
/// <param name="threshold">The least score that fires; 0 fires on every event.</param>
public sealed class DriftTrigger(IDriftEventSource source, double threshold = 0) : IPipelineTrigger
{
    private readonly IDriftEventSource _source = source ?? throw new ArgumentNullException(nameof(source));

    /// <inheritdoc />
    public async IAsyncEnumerable<TriggerEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var drift in _source.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (drift.Score >= threshold)
            {
                var what = drift.Feature is null ? drift.Monitor : drift.Monitor + "/" + drift.Feature;
                yield return new TriggerEvent("drift", $"{what} drift score {drift.Score.ToString("G4", CultureInfo.InvariantCulture)}", drift.At);
            }
        }
    }
}
