namespace MLOps.Serving.Cuda.Lowering;

/// <summary>Batch-size buckets: powers of two up to a maximum, so a few plans (and CUDA graphs) serve every batch size.</summary>
internal static class BatchBuckets
{
    /// <summary>The bucket a batch runs in: the smallest power of two at least <paramref name="batch"/>, or the batch itself above <paramref name="maxBucket"/>.</summary>
    public static int Select(int batch, int maxBucket)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (batch > maxBucket)
        {
            return batch;
        }

        var bucket = 1;
        while (bucket < batch)
        {
            bucket <<= 1;
        }

        return Math.Min(bucket, maxBucket);
    }

    /// <summary>Every bucket up to <paramref name="maxBucket"/>, ascending (the maximum is a bucket even when not a power of two).</summary>
    public static IReadOnlyList<int> All(int maxBucket)
    {
        var buckets = new List<int>();
        for (var bucket = 1; bucket < maxBucket; bucket <<= 1)
        {
            buckets.Add(bucket);
        }

        buckets.Add(maxBucket);
        return buckets;
    }
}
