namespace MLOps.Drift;

/// <summary>The outcome of an MMD permutation test.</summary>
/// <param name="Statistic">The unbiased estimate of MMD² with the RBF kernel.</param>
/// <param name="PValue">The permutation p-value (1 + #{permuted ≥ observed}) / (1 + permutations).</param>
/// <param name="Bandwidth">The kernel bandwidth σ used: k(a, b) = exp(−‖a − b‖² / (2σ²)).</param>
/// <param name="Permutations">The number of permutations.</param>
/// <param name="ReferenceCount">The reference rows used (after any subsampling).</param>
/// <param name="CurrentCount">The current rows used (after any subsampling).</param>
public sealed record MmdResult(double Statistic, double PValue, double Bandwidth, int Permutations, int ReferenceCount, int CurrentCount);
