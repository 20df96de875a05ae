namespace MLOps.Serving.Kernels.Trees;

/// <summary>Whether a pass may meet missing values: the kernels compile the missing-value way in or out.</summary>
internal interface IMissingValues
{
    /// <summary>Whether a lane encoded <see cref="FeatureRanks.Missing"/> takes its node's missing-value way.</summary>
    static abstract bool Possible { get; }
}
