using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>Runs a new version once at each batch bucket before it takes traffic, so plans and buffers exist and a model that cannot run fails its load instead of its first requests.</summary>
internal static class ModelWarmup
{
    public static void Run(string model, int version, IModelExecutor executor, ModelConfig config)
    {
        var inputs = executor.Signature.Inputs;
        if (inputs.Any(i => i.ElementType is null || i.Dimensions is null))
        {
            return;
        }

        foreach (var rows in Buckets(config.Batching, inputs))
        {
            var feed = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var input in inputs)
            {
                var dimensions = input.Dimensions!.Select((d, i) => d.Size ?? (i == 0 ? rows : 1)).ToArray();
                feed[input.Name] = Tensor.Zeros(input.ElementType!.Value, new TensorShape(dimensions));
            }

            try
            {
                executor.Run(feed);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                throw new ValidationException($"Model '{model}' version {version} failed its warm-up run with {rows} row(s): {exception.Message}", exception);
            }
        }
    }

    private static SortedSet<int> Buckets(BatchingOptions batching, IReadOnlyList<TensorSignature> inputs)
    {
        var buckets = new SortedSet<int> { 1 };
        if (batching.Enabled && inputs.All(i => i.Dimensions is { Count: > 0 } d && !d[0].IsFixed))
        {
            buckets.UnionWith(batching.PreferredBatchSizes);
            buckets.Add(batching.MaxBatchSize);
        }

        return buckets;
    }
}
