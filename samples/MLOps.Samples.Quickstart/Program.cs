// The quickstart: the MLOps lifecycle as far as it is built, end to end in one process.
// Run from the repository root: dotnet run --project samples/MLOps.Samples.Quickstart [-- WORKSPACE]
using MLOps.Drift;
using MLOps.Samples.Quickstart;
using MLOps.Storage;

var workspacePath = args.Length > 0 ? args[0] : ".mlops";
Console.WriteLine($"MLOps quickstart: workspace {Path.GetFullPath(workspacePath)}");

// 1. Open (or create) the workspace: SQLite metadata + content-addressed blobs in one folder.
await using var workspace = await MLOpsWorkspace.OpenAsync(workspacePath);
var schema = await workspace.GetAppliedMigrationsAsync();
Console.WriteLine($"[workspace] {workspace.Database.Description}; schema {string.Join(", ", schema.Select(m => $"{m.Module} v{m.Version}"))}");

// 2. Generate the training data as a columnar RecordBatch (Arrow layout), built row by row.
var customers = TrainingData.Generate(rows: 5_000, seed: 7);
Console.WriteLine($"[data] generated {customers}");

// 3. Round-trip it through CSV: write, read back with type inference, compare.
var dataFolder = Directory.CreateDirectory(Path.Combine(workspace.RootPath, "data")).FullName;
var csvPath = Path.Combine(dataFolder, "customers.csv");
await CsvRoundTrip.WriteAsync(customers, csvPath);
var readBack = await CsvRoundTrip.ReadAsync(csvPath);
Console.WriteLine($"[csv] wrote {new FileInfo(csvPath).Length:N0} bytes; read back {readBack.RowCount} rows with inferred schema {readBack.Schema}");
CsvRoundTrip.AssertSame(customers, readBack);
Console.WriteLine("[csv] round trip exact: every value and null came back");

// 4. Store the file in the blob store: named by its SHA-256, verified on every read.
await using (var file = File.OpenRead(csvPath))
{
    var blob = await workspace.Blobs.PutAsync(file);
    var bytes = await workspace.Blobs.ReadAllBytesAsync(blob.Hash);
    Console.WriteLine($"[blobs] {(blob.Created ? "stored" : "already had")} {blob.Hash} ({blob.Size:N0} bytes); read back and verified {bytes.Length:N0} bytes");
}

// 5. Drift: profile the training data once, keep the profile in the workspace, test new traffic against it.
var profiles = await ReferenceProfileStore.OpenAsync(workspace);
var drift = new DriftOptions { Columns = ["tenure_months", "monthly_spend", "plan", "churned"], Correction = MultipleTestingCorrection.BenjaminiHochberg };
var stored = await profiles.SaveAsync("customers", ReferenceProfile.Create(customers, drift, drift.Columns));
var traffic = TrainingData.Generate(rows: 2_000, seed: 8);
var report = new DriftAnalyzer(drift).Compare(await profiles.LoadAsync("customers"), traffic);
var reportPath = Path.Combine(dataFolder, "drift.html");
await report.WriteHtmlAsync(reportPath);
Console.WriteLine($"[drift] profile v{stored.Version}; dataset drift: {report.DatasetDrift} ({report.DriftedColumns}/{report.Columns.Count} columns drifted): "
    + string.Join(", ", report.Columns.Select(c => $"{c.Column} {c.Test} {c.Statistic:G3}")) + $"; report {reportPath}");

Console.WriteLine("Done.");
