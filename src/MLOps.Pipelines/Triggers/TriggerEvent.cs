namespace MLOps.Pipelines.Triggers;

/// <summary>Why a pipeline should run now.</summary>
/// <param name="Source">The trigger's kind, e.g. <c>cron</c>, <c>dataset</c>, <c>drift</c>.</param>
/// <param name="Reason">What happened, for people: the schedule, the commit id, the drift report.</param>
/// <param name="At">When it happened.</param>
/// <param name="Parameters">Parameter values for the run (e.g. the new commit id), or null for the defaults.</param>
public sealed record TriggerEvent(string Source, string Reason, DateTimeOffset At, IReadOnlyDictionary<string, object?>? Parameters = null);
