using System.Globalization;
using System.Text;

namespace MLOps.FeatureStore.Tests;

/// <summary>A small driver-stats data set written as CSV, and the definitions over it.</summary>
internal static class FeatureStoreScenario
{
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string WriteStatsCsv(string folder, int drivers = 5, int hours = 6)
    {
        var text = new StringBuilder("driver_id,event_timestamp,created,conv_rate,trips,city,active\n");
        for (var h = 0; h < hours; h++)
        {
            for (var d = 1; d <= drivers; d++)
            {
                var ts = T0.AddHours(h).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var rate = d == 2 ? string.Empty : (d * 0.1 + h * 0.01).ToString("0.00", CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"{d},{ts},{ts},{rate},{d * 10 + h},c{d},{(d % 2 == 0 ? "true" : "false")}\n");
            }
        }

        var path = Path.Combine(folder, "stats.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public static FeatureDefinitions Definitions(string csv, TimeSpan? ttl = null, bool withOnDemand = true)
    {
        var driver = new Entity("driver", "driver_id");
        var source = new CsvFileSource("stats_source", csv, "event_timestamp", "created");
        var view = new FeatureView(
            "driver_stats",
            [driver],
            source,
            [new Feature("conv_rate", FeatureType.Float64), new Feature("trips", FeatureType.Int64), new Feature("city", FeatureType.String), new Feature("active", FeatureType.Bool)],
            ttl ?? TimeSpan.FromHours(2));
        var onDemand = new OnDemandFeatureView(
            "adjusted",
            [new Feature("bonus", FeatureType.Float64)],
            [new FeatureReference("driver_stats", "trips")],
            [new Feature("trips_plus_bonus", FeatureType.Float64)],
            row => row.Set("trips_plus_bonus", row.GetDouble("trips") + (row.GetDouble("bonus") ?? 0)));
        var features = new List<FeatureReference> { new("driver_stats", "conv_rate"), new("driver_stats", "trips"), new("driver_stats", "city"), new("driver_stats", "active") };
        if (withOnDemand)
        {
            features.Add(new FeatureReference("adjusted", "trips_plus_bonus"));
        }

        return new FeatureDefinitions([driver], [view], [new FeatureService("driver_model", features)], withOnDemand ? [onDemand] : null);
    }

    public static IReadOnlyDictionary<string, object?> Driver(long id, double? bonus = null) =>
        new Dictionary<string, object?>(StringComparer.Ordinal) { ["driver_id"] = id, ["bonus"] = bonus };
}
