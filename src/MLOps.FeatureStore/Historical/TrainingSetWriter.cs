using MLOps.Data;
using MLOps.DataVersioning;
using MLOps.Lineage;
using MLOps.Storage.Csv;

namespace MLOps.FeatureStore;

/// <summary>Commits a historical result as a DataVersioning dataset version whose metadata names the feature service and the entity rows' hash.</summary>
internal static class TrainingSetWriter
{
    public const string FileName = "training.csv";

    public static async ValueTask<TrainingSet> SaveAsync(FeatureRepository store, RecordBatch entityRows, string service, RecordBatch rows, string dataset, CancellationToken cancellationToken)
    {
        var entityHash = await HashAsync(entityRows, cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(Path.GetTempPath(), "mlops-training-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await CsvWriter.WriteFileAsync(Path.Combine(folder, FileName), rows, cancellationToken: cancellationToken).ConfigureAwait(false);
            var repository = await DataRepository.OpenAsync(store.Workspace, cancellationToken: cancellationToken).ConfigureAwait(false);
            var reference = new FeatureServiceReference(service);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["feature_service"] = reference.ToString(),
                ["entity_rows_sha256"] = entityHash.ToString(),
                ["entity_rows"] = entityRows.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["features"] = string.Join(",", store.Definitions.GetService(service).Features.Select(f => f.ToString())),
            };
            var commit = await repository.CommitAsync(folder, dataset, $"Training set from feature service {service}", new CommitOptions { Metadata = metadata }, cancellationToken).ConfigureAwait(false);
            return new TrainingSet(rows, new DatasetReference(dataset, commit.CommitId), reference, entityHash);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static async ValueTask<ContentHash> HashAsync(RecordBatch rows, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new CsvWriter(buffer, leaveOpen: true))
        {
            await writer.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
        }

        return ContentHash.Compute(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
