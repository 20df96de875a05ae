namespace MLOps.Pipelines.Benchmarking;

/// <summary>What <see cref="PipelineBenchmark"/> measured.</summary>
internal sealed record BenchmarkFigures(int Steps, int Repetitions, double PerStepUs, double PerStepMinUs, double CachedRerunMs, int TrackedSteps, double TrackedPerStepUs);
