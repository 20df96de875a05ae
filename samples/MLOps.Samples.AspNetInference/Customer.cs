namespace MLOps.Samples.AspNetInference;

/// <summary>The app's own request type: one customer.</summary>
/// <param name="TenureMonths">Months as a customer.</param>
/// <param name="MonthlySpend">Monthly spend.</param>
/// <param name="ProAnnual">Whether on the pro annual plan.</param>
internal sealed record Customer(float TenureMonths, float MonthlySpend, bool ProAnnual);

/// <summary>The app's own response type.</summary>
/// <param name="ChurnProbability">The model's churn probability.</param>
/// <param name="ModelVersion">The registry version that answered.</param>
internal sealed record ChurnPrediction(float ChurnProbability, int ModelVersion);
