namespace MLOps.Pipelines;

/// <summary>Counts a step's attempts across Polly's retries, and keeps the last attempt's context (its lineage).</summary>
internal sealed class AttemptCounter
{
    public int Count { get; set; }

    public StepContext? Context { get; set; }
}
