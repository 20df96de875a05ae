namespace MLOps.Cli.Commands.Serving;

/// <summary>A model's batcher counters: rows run (Triton's inference count) and batches run (its execution count).</summary>
/// <param name="Inferences">Rows run.</param>
/// <param name="Executions">Batches run.</param>
internal readonly record struct BatchCounters(long Inferences, long Executions)
{
    /// <summary>Rows per batch between two readings, or null when no batch ran in between.</summary>
    /// <param name="before">The earlier reading.</param>
    /// <param name="after">The later reading.</param>
    /// <returns>The mean batch size, or null.</returns>
    public static double? MeanBatchSize(BatchCounters? before, BatchCounters? after)
    {
        if (before is not { } b || after is not { } a || a.Executions <= b.Executions)
        {
            return null;
        }

        return Math.Round((a.Inferences - b.Inferences) / (double)(a.Executions - b.Executions), 3);
    }
}
