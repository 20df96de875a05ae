using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MLOps.Testing;

namespace MLOps.Cli.Tests.Features;

/// <summary>The <c>mlops features</c> commands over a temp workspace, YAML file and CSV data.</summary>
public sealed class FeaturesCommandTests : IDisposable
{
    private const string Yaml = """
        entities:
          - name: driver
            join_keys: [{name: driver_id, type: int64}]
        sources:
          - name: stats
            path: stats.csv
            timestamp_field: event_timestamp
            created_timestamp_field: created
        feature_views:
          - name: driver_stats
            entities: [driver]
            source: stats
            ttl: 0
            features:
              - {name: conv_rate, type: float64}
              - {name: trips, type: int64}
        feature_services:
          - name: driver_model
            features: [driver_stats:conv_rate, driver_stats:trips]
        """;

    private readonly TempDirectory _folder = new("mlops-cli-features");

    public FeaturesCommandTests()
    {
        Workspace = _folder.Combine("ws");
        Definitions = _folder.Combine("features.yaml");
        File.WriteAllText(Definitions, Yaml);
        WriteStats(_folder.Combine("stats.csv"), drivers: 5, hours: 6);
    }

    private string Workspace { get; }

    private string Definitions { get; }

    public void Dispose() => _folder.Dispose();

    private static void WriteStats(string path, int drivers, int hours)
    {
        var text = new StringBuilder("driver_id,event_timestamp,created,conv_rate,trips\n");
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var h = 0; h < hours; h++)
        {
            for (var d = 1; d <= drivers; d++)
            {
                var ts = t0.AddHours(h).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"{d},{ts},{ts},{d * 0.1 + h * 0.01:0.00},{d * 10 + h}\n");
            }
        }

        File.WriteAllText(path, text.ToString());
    }

    private async Task<JsonElement> JsonAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args, "-w", Workspace, "--json"]);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Json;
    }

    [Fact]
    public async Task Plan_apply_list_materialize_and_get_work_together()
    {
        var plan = await JsonAsync("features", "plan", Definitions);
        Assert.False(plan.GetProperty("applied").GetBoolean());
        Assert.Equal(4, plan.GetProperty("added").GetArrayLength());
        var apply = await JsonAsync("features", "apply", Definitions);
        Assert.Equal(1, apply.GetProperty("version").GetInt64());
        Assert.Equal(0, (await JsonAsync("features", "apply", Definitions)).GetProperty("added").GetArrayLength());
        var list = await JsonAsync("features", "list");
        Assert.Contains(list.GetProperty("definitions").EnumerateArray(), d => d.GetProperty("name").GetString() == "driver_stats" && d.GetProperty("kind").GetString() == "feature_view");

        var materialized = await JsonAsync("features", "materialize", "--definitions", Definitions, "--start", "2024-01-01T00:00:00Z", "--end", "2024-01-01T03:00:00Z");
        Assert.Equal(5, materialized.GetProperty("views")[0].GetProperty("rows_written").GetInt64());
        await JsonAsync("features", "materialize", "--definitions", Definitions, "--incremental", "--end", "2024-01-02T00:00:00Z");

        var get = await JsonAsync("features", "get", "--service", "driver_model", "--entity", "driver_id=3", "--entity", "driver_id=42");
        var rows = get.GetProperty("rows");
        Assert.Equal(35, rows[0].GetProperty("driver_stats__trips").GetProperty("value").GetInt64());
        Assert.Equal("PRESENT", rows[0].GetProperty("driver_stats__trips").GetProperty("status").GetString());
        Assert.Equal("NOT_FOUND", rows[1].GetProperty("driver_stats__conv_rate").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Historical_joins_an_entity_csv_by_service_or_by_feature_list()
    {
        var entities = _folder.Combine("entities.csv");
        await File.WriteAllTextAsync(entities, "driver_id,event_timestamp,label\n2,2024-01-01T02:30:00Z,1\n9,2024-01-01T02:30:00Z,0\n2,2023-01-01T00:00:00Z,1\n");
        var output = _folder.Combine("out.csv");
        var result = await JsonAsync("features", "historical", "--definitions", Definitions, "--entities", entities, "--service", "driver_model", "--out", output);
        Assert.Equal(3, result.GetProperty("rows").GetInt64());
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal("driver_id,event_timestamp,label,driver_stats__conv_rate,driver_stats__trips", lines[0]);
        Assert.EndsWith(",22", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",,", lines[2], StringComparison.Ordinal);

        await JsonAsync("features", "historical", "--definitions", Definitions, "--entities", entities, "--features", "driver_stats:trips", "--out", output);
        Assert.Equal("driver_id,event_timestamp,label,driver_stats__trips", (await File.ReadAllLinesAsync(output))[0]);

        var bad = await CliRunner.RunAsync("features", "historical", "--definitions", Definitions, "--entities", entities, "--features", "driver_stats:nope", "--out", output, "-w", Workspace);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("driver_stats:nope", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_reports_pit_ms_and_online_p99_us()
    {
        var bench = await JsonAsync("features", "bench", "--rows", "20000", "--online-reads", "200", "--repeats", "1");
        Assert.True(bench.GetProperty("pit_ms").GetDouble() > 0);
        Assert.True(bench.GetProperty("online_p99_us").GetDouble() > 0);
        Assert.Equal(20000, bench.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task A_materialization_killed_with_sigkill_and_rerun_ends_like_an_uninterrupted_one()
    {
        WriteStats(_folder.Combine("stats.csv"), drivers: 100, hours: 300);
        const string End = "2024-02-01T00:00:00Z";
        var reference = _folder.Combine("reference");
        var referenceResult = await CliRunner.RunAsync("features", "materialize", "--definitions", Definitions, "--start", "2024-01-01T00:00:00Z", "--end", End, "--chunk-rows", "300", "-w", reference);
        Assert.True(referenceResult.ExitCode == 0, referenceResult.Error);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "mlops.dll"), "features", "materialize", "--definitions", Definitions, "--start", "2024-01-01T00:00:00Z", "--end", End, "--chunk-rows", "300", "-w", Workspace })
        {
            start.ArgumentList.Add(arg);
        }

        using (var process = Process.Start(start)!)
        {
            var database = Path.Combine(Workspace, "mlops.db");
            var watch = Stopwatch.StartNew();
            while (!process.HasExited && watch.Elapsed < TimeSpan.FromSeconds(30) && await ChunksDoneAsync(database) < 3)
            {
                await Task.Delay(5);
            }

            process.Kill();
            await process.WaitForExitAsync();

            // The progress row exists only while a range is unfinished: the kill landed mid-run.
            Assert.True(await ChunksDoneAsync(database) >= 3);
        }

        var rerun = await CliRunner.RunAsync("features", "materialize", "--definitions", Definitions, "--start", "2024-01-01T00:00:00Z", "--end", End, "--chunk-rows", "300", "-w", Workspace);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Equal(await OnlineStateAsync(reference), await OnlineStateAsync(Workspace));
    }

    private static async Task<long> ChunksDoneAsync(string database)
    {
        if (!File.Exists(database))
        {
            return 0;
        }

        try
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(chunks_done), 0) FROM fs_progress";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0;
        }
    }

    private static async Task<List<string>> OnlineStateAsync(string workspace)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(workspace, "mlops.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT view_name, entity_key, event_ts, created_ts, hex(payload) FROM fs_online ORDER BY view_name, entity_key";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)}|{reader.GetString(1)}|{reader.GetInt64(2)}|{reader.GetInt64(3)}|{reader.GetString(4)}");
        }

        Assert.NotEmpty(rows);
        return rows;
    }
}
