using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLOps.Drift;

/// <summary>
/// The outcome of comparing a current dataset with a reference: one line per column and whether the
/// dataset as a whole drifted (the share of drifted columns reached <see cref="DatasetDriftShare"/>).
/// Renders as JSON (<see cref="ToJson"/>) and as one self-contained HTML page (<see cref="ToHtml"/>).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class DriftReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Creates a report.</summary>
    /// <param name="columns">The column results.</param>
    /// <param name="datasetDriftShare">The share of drifted columns at which the dataset drifted.</param>
    /// <param name="correction">The correction that was applied.</param>
    /// <param name="createdAt">When the report was made.</param>
    /// <param name="referenceRows">The reference's row count.</param>
    /// <param name="currentRows">The current data's row count.</param>
    public DriftReport(IEnumerable<ColumnDriftResult> columns, double datasetDriftShare, MultipleTestingCorrection correction, DateTimeOffset createdAt, long referenceRows, long currentRows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        DatasetDriftShare = datasetDriftShare;
        Correction = correction;
        CreatedAt = createdAt;
        ReferenceRows = referenceRows;
        CurrentRows = currentRows;
        DriftedColumns = Columns.Count(c => c.Drifted);
        DriftedShare = Columns.Count == 0 ? 0 : (double)DriftedColumns / Columns.Count;
        DatasetDrift = Columns.Count > 0 && DriftedShare >= DatasetDriftShare;
    }

    /// <summary>Whether the dataset drifted: the share of drifted columns reached <see cref="DatasetDriftShare"/>.</summary>
    public bool DatasetDrift { get; }

    /// <summary>The number of drifted columns.</summary>
    public int DriftedColumns { get; }

    /// <summary>The share of drifted columns.</summary>
    public double DriftedShare { get; }

    /// <summary>The share at which the dataset counts as drifted.</summary>
    public double DatasetDriftShare { get; }

    /// <summary>The multiple-testing correction applied.</summary>
    public MultipleTestingCorrection Correction { get; }

    /// <summary>When the report was made.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The reference's row count.</summary>
    public long ReferenceRows { get; }

    /// <summary>The current data's row count.</summary>
    public long CurrentRows { get; }

    /// <summary>The column results, in the order tested.</summary>
    public IReadOnlyList<ColumnDriftResult> Columns { get; }

    /// <summary>The report as JSON: snake_case names, nulls written, ±∞ as <c>"Infinity"</c>.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The report as one self-contained HTML page: a summary table and, per column, an SVG histogram overlay of the reference and current shares. No scripts, fonts or other external assets.</summary>
    /// <param name="title">The page title. The default is "Drift report".</param>
    /// <returns>The HTML text.</returns>
    public string ToHtml(string title = "Drift report") => DriftReportHtml.Render(this, title);

    /// <summary>Writes <see cref="ToHtml"/> to a file, atomically (a temporary file renamed into place).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="title">The page title.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public async Task WriteHtmlAsync(string path, string title = "Drift report", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string temp = full + ".partial";
        try
        {
            await File.WriteAllTextAsync(temp, ToHtml(title), cancellationToken).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
