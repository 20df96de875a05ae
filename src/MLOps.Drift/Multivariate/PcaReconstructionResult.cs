namespace MLOps.Drift;

/// <summary>The PCA reconstruction error of a window and the reference band it is judged against.</summary>
/// <param name="Error">The window's mean reconstruction error (Euclidean, in standardised units).</param>
/// <param name="Lower">The band's lower bound (never below 0).</param>
/// <param name="Upper">The band's upper bound.</param>
/// <param name="Drifted">Whether the error is outside the band.</param>
/// <param name="Rows">The rows used (rows with missing values dropped).</param>
public sealed record PcaReconstructionResult(double Error, double Lower, double Upper, bool Drifted, int Rows);
