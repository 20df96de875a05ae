// The quickstart: the MLOps lifecycle as far as it is built, end to end in one process.
// Run from the repository root: dotnet run --project samples/MLOps.Samples.Quickstart [-- WORKSPACE]
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

Console.WriteLine("Done.");
