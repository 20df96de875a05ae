using MLOps.Data;
using MLOps.Drift;

namespace MLOps.Samples.Quickstart;

/// <summary>A drift sink that counts what the serving tap hands it (a host would use a <see cref="DriftSampler"/> over a monitor).</summary>
internal sealed class RecordingDriftSink : IDriftSink
{
    private int _rows;

    public int Rows => Volatile.Read(ref _rows);

    public IReadOnlyList<string> Columns { get; private set; } = [];

    public bool TryOffer(RecordBatch inputs, RecordBatch? outputs = null)
    {
        Interlocked.Add(ref _rows, inputs.RowCount);
        Columns = [.. inputs.Schema.Select(f => f.Name)];
        return true;
    }
}
