using MLOps.Data;
using MLOps.Lineage;

namespace MLOps.FeatureStore;

/// <summary>A historical result saved as a dataset version, with the lineage a training run records.</summary>
/// <param name="Rows">The point-in-time joined rows.</param>
/// <param name="Dataset">The dataset version holding them (<c>training.csv</c>).</param>
/// <param name="Service">The feature service they were built with.</param>
/// <param name="EntityRowsHash">The SHA-256 of the entity rows (as canonical CSV).</param>
public sealed record TrainingSet(RecordBatch Rows, DatasetReference Dataset, FeatureServiceReference Service, ContentHash EntityRowsHash);
