namespace MLOps.Tracking;

/// <summary>Whether smaller or larger values of a metric are better.</summary>
public enum MetricGoal
{
    /// <summary>Smaller is better (loss, error).</summary>
    Minimize,

    /// <summary>Larger is better (accuracy, AUC).</summary>
    Maximize,
}
