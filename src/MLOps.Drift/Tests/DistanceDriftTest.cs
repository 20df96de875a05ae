namespace MLOps.Drift;

/// <summary>A distance used for drift: drift when the distance reaches the threshold. There is no p-value.</summary>
public abstract class DistanceDriftTest : DriftTest
{
    /// <summary>Initialises the threshold.</summary>
    /// <param name="threshold">The distance at and above which the column drifted; finite, ≥ 0.</param>
    /// <exception cref="ValidationException">The threshold is out of range.</exception>
    private protected DistanceDriftTest(double threshold)
        : base(threshold)
    {
        Require(threshold >= 0 && double.IsFinite(threshold), $"The threshold must be a finite number ≥ 0; it is {threshold}.");
    }

    /// <inheritdoc />
    public override DriftTestKind Kind => DriftTestKind.Distance;

    /// <summary>Builds the verdict from a distance.</summary>
    /// <param name="distance">The distance.</param>
    /// <param name="notes">Notes, or null.</param>
    /// <returns>The verdict.</returns>
    private protected DriftTestResult Verdict(double distance, string? notes = null) =>
        new(Name, distance, null, Threshold, distance >= Threshold) { Notes = notes };
}
