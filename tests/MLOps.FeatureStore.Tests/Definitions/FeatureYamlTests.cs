using MLOps.Testing;

namespace MLOps.FeatureStore.Tests.Definitions;

/// <summary>The YAML format: every section, TTL forms, relative paths, and errors that name the item and line.</summary>
public sealed class FeatureYamlTests
{
    private const string Yaml = """
        entities:
          - name: driver
            join_keys: [{name: driver_id, type: int64}]
          - name: city
            join_keys: [city]
        sources:
          - name: stats
            path: data/stats.csv
            timestamp_field: event_timestamp
            created_timestamp_field: created
          - name: trips
            dataset: trips@v1
            path: trips.csv
            timestamp_field: ts
          - name: prices
            table: price_table
            timestamp_field: ts
            valid_to_field: valid_to
        feature_views:
          - name: driver_stats
            entities: [driver]
            source: stats
            ttl: 2d
            tags: {team: ranking}
            features:
              - {name: conv_rate, type: float64}
              - {name: trips, type: int64}
              - {name: city, type: string}
              - {name: active, type: bool}
          - name: city_trips
            entities: [city]
            source: trips
            ttl: 90m
            online: false
            features:
              - {name: count, type: int64}
          - name: city_prices
            entities: [city]
            source: prices
            ttl: 0
            features:
              - {name: price, type: float64}
        feature_services:
          - name: driver_model
            features: [driver_stats:conv_rate, driver_stats:trips]
        """;

    [Fact]
    public void Loads_every_section_with_ttls_types_and_paths_relative_to_the_file()
    {
        using var folder = new TempDirectory();
        var file = folder.Combine("features.yaml");
        File.WriteAllText(file, Yaml);
        var definitions = FeatureYaml.Load(file);

        Assert.Equal(FeatureType.Int64, definitions.Entities["driver"].JoinKeys[0].Type);
        Assert.Equal(FeatureType.String, definitions.Entities["city"].JoinKeys[0].Type);
        var stats = (CsvFileSource)definitions.Sources["stats"];
        Assert.Equal(Path.Combine(folder.Path, "data", "stats.csv"), stats.Path);
        Assert.Equal("created", stats.CreatedTimestampField);
        Assert.Equal("trips@v1", ((DatasetVersionSource)definitions.Sources["trips"]).Reference);
        Assert.Equal("valid_to", definitions.Sources["prices"].ValidToField);
        Assert.IsType<SqlTableSource>(definitions.Sources["prices"]);
        Assert.Equal(TimeSpan.FromDays(2), definitions.Views["driver_stats"].Ttl);
        Assert.Equal(TimeSpan.FromMinutes(90), definitions.Views["city_trips"].Ttl);
        Assert.Equal(TimeSpan.Zero, definitions.Views["city_prices"].Ttl);
        Assert.False(definitions.Views["city_trips"].Online);
        Assert.True(definitions.Views["driver_stats"].Online);
        Assert.Equal("ranking", definitions.Views["driver_stats"].Tags["team"]);
        Assert.Equal([FeatureType.Float64, FeatureType.Int64, FeatureType.String, FeatureType.Bool], definitions.Views["driver_stats"].Features.Select(f => f.Type));
        Assert.Equal(["driver_stats:conv_rate", "driver_stats:trips"], definitions.Services["driver_model"].Features.Select(f => f.ToString()));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("90m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("12h", 43200)]
    [InlineData("30", 30)]
    [InlineData("1w", 604800)]
    public void Parses_durations(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), FeatureYaml.ParseDuration(text));

    [Theory]
    [InlineData("entities: [customer]", "feature view 'driver_stats' names unknown entity 'customer'")]
    [InlineData("source: nowhere", "names unknown source 'nowhere'")]
    [InlineData("{name: conv_rate, type: float64}", "line")]
    [InlineData("type: int64}", "has type 'decimal'")]
    [InlineData("ttl: 2d", "is not a duration")]
    public void Bad_definitions_name_the_item(string replace, string expected)
    {
        var yaml = replace switch
        {
            "entities: [customer]" => Yaml.Replace("entities: [driver]", "entities: [customer]", StringComparison.Ordinal),
            "source: nowhere" => Yaml.Replace("source: stats", "source: nowhere", StringComparison.Ordinal),
            "type: int64}" => Yaml.Replace("{name: trips, type: int64}", "{name: trips, type: decimal}", StringComparison.Ordinal),
            "ttl: 2d" => Yaml.Replace("ttl: 2d", "ttl: two days", StringComparison.Ordinal),
            _ => Yaml.Replace("feature_services:", "feature_servics:", StringComparison.Ordinal),
        };
        var error = Assert.Throws<ValidationException>(() => FeatureYaml.Parse(yaml, "/tmp", "features.yaml"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("features.yaml", error.Message, StringComparison.Ordinal);
    }
}
