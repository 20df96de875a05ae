using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.FeatureStore;

namespace MLOps.Cli.Commands.Features;

/// <summary><c>mlops features bench</c>: the point-in-time join and online-read figures of docs/feature-store.md.</summary>
internal static class FeaturesBenchCommand
{
    public static Command Create(CommandActions actions)
    {
        var rows = new Option<int>("--rows") { Description = "Entity rows and feature rows (100,000 keys, one float feature, no TTL).", DefaultValueFactory = _ => 1_000_000 };
        var reads = new Option<int>("--online-reads") { Description = "Timed online reads (1 entity × 50 features, SQLite); 0 skips them.", DefaultValueFactory = _ => 20_000 };
        var repeats = new Option<int>("--repeats") { Description = "Timed joins after a warm-up; the best is reported.", DefaultValueFactory = _ => 3 };
        var command = new Command("bench", "Measure the point-in-time join and online reads.") { rows, reads, repeats };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var n = context.Get(rows);
            var (ms, matched) = await FeatureStoreBench.MeasureJoinAsync(n, Math.Max(1, context.Get(repeats)), cancellationToken);
            double? p50 = null, p99 = null, p99Hundred = null;
            if (context.Get(reads) > 0)
            {
                var folder = Path.Combine(Path.GetTempPath(), "mlops-features-bench-" + Guid.NewGuid().ToString("N"));
                try
                {
                    (p50, p99) = await FeatureStoreBench.MeasureOnlineAsync(Path.Combine(folder, "one"), 1, context.Get(reads), cancellationToken);
                    (_, p99Hundred) = await FeatureStoreBench.MeasureOnlineAsync(Path.Combine(folder, "hundred"), 100, Math.Max(100, context.Get(reads) / 10), cancellationToken);
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            }

            var json = new BenchJson(n, 100_000, Math.Round(ms, 1), matched, Round(p50), Round(p99), Round(p99Hundred), Environment.ProcessorCount, LoadAverage());
            context.Write(json, o =>
            {
                o.WriteLine($"cores {json.Cores}, load average {json.LoadAverage?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}");
                o.WriteLine($"point-in-time join {n.ToString("N0", CultureInfo.InvariantCulture)} x {n.ToString("N0", CultureInfo.InvariantCulture)} rows, 100,000 keys: {json.PitMs} ms ({matched} matched)");
                if (p99 is not null)
                {
                    o.WriteLine($"online read 1 entity x 50 features (SQLite): p50 {json.OnlineP50Us} us, p99 {json.OnlineP99Us} us");
                    o.WriteLine($"online read 100 entities x 50 features (SQLite): p99 {json.OnlineP99Us100} us");
                }
            });
            return 0;
        });
        return command;
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;

    /// <summary>The one-minute load average where the OS reports it (Linux), so figures taken on a busy machine say so.</summary>
    private static double? LoadAverage()
    {
        try
        {
            var text = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : null;
            return text is not null && double.TryParse(text.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed record BenchJson(int Rows, int Keys, double PitMs, long Matched, double? OnlineP50Us, double? OnlineP99Us, double? OnlineP99Us100, int Cores, double? LoadAverage);
}
