using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLOps.FeatureStore;

/// <summary>
/// The registry's canonical JSON form of each definition: what apply compares (by hash) to plan, and
/// what a process that did not build the definitions (the CLI's <c>get</c>) rebuilds them from.
/// On-demand functions and in-memory batches cannot be stored; their specs record their shape only.
/// </summary>
internal static class DefinitionSpecs
{
    public const string EntityKind = "entity";
    public const string SourceKind = "source";
    public const string ViewKind = "feature_view";
    public const string OnDemandKind = "on_demand_feature_view";
    public const string ServiceKind = "feature_service";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Every definition as (kind, name) → canonical JSON.</summary>
    public static SortedDictionary<(string Kind, string Name), string> ToSpecs(FeatureDefinitions definitions)
    {
        var specs = new SortedDictionary<(string Kind, string Name), string>();
        foreach (var entity in definitions.Entities.Values)
        {
            specs[(EntityKind, entity.Name)] = Serialize(new EntitySpec(entity.Name, [.. entity.JoinKeys.Select(ToSpec)]));
        }

        foreach (var source in definitions.Sources.Values)
        {
            specs[(SourceKind, source.Name)] = Serialize(new SourceSpec(source.Name, source.Kind, source.Location, source.TimestampField, source.CreatedTimestampField, source.ValidToField));
        }

        foreach (var view in definitions.Views.Values)
        {
            specs[(ViewKind, view.Name)] = Serialize(new ViewSpec(
                view.Name, [.. view.Entities.Select(e => e.Name)], view.Source.Name, (long)view.Ttl.TotalSeconds, view.Online,
                [.. view.Features.Select(ToSpec)], new SortedDictionary<string, string>(view.Tags.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal)));
        }

        foreach (var odfv in definitions.OnDemandViews.Values)
        {
            specs[(OnDemandKind, odfv.Name)] = Serialize(new OnDemandSpec(odfv.Name, [.. odfv.RequestFields.Select(ToSpec)], [.. odfv.Inputs.Select(i => i.ToString())], [.. odfv.Outputs.Select(ToSpec)]));
        }

        foreach (var service in definitions.Services.Values)
        {
            specs[(ServiceKind, service.Name)] = Serialize(new ServiceSpec(service.Name, [.. service.Features.Select(f => f.ToString())]));
        }

        return specs;
    }

    /// <summary>Rebuilds definitions from stored specs; on-demand views (code) and services that need them are left out.</summary>
    public static FeatureDefinitions FromSpecs(IEnumerable<(string Kind, string Spec)> specs)
    {
        var entities = new Dictionary<string, Entity>(StringComparer.Ordinal);
        var sources = new Dictionary<string, FeatureSource>(StringComparer.Ordinal);
        var viewSpecs = new List<ViewSpec>();
        var serviceSpecs = new List<ServiceSpec>();
        foreach (var (kind, spec) in specs)
        {
            switch (kind)
            {
                case EntityKind:
                    var e = Deserialize<EntitySpec>(spec);
                    entities[e.Name] = new Entity(e.Name, [.. e.JoinKeys.Select(FromSpec)]);
                    break;
                case SourceKind:
                    var s = Deserialize<SourceSpec>(spec);
                    sources[s.Name] = ToSource(s);
                    break;
                case ViewKind:
                    viewSpecs.Add(Deserialize<ViewSpec>(spec));
                    break;
                case ServiceKind:
                    serviceSpecs.Add(Deserialize<ServiceSpec>(spec));
                    break;
                default:
                    break;
            }
        }

        var views = viewSpecs.Select(v => new FeatureView(
            v.Name, [.. v.Entities.Select(n => entities[n])], sources[v.Source], [.. v.Features.Select(FromSpec)], TimeSpan.FromSeconds(v.TtlSeconds), v.Online, v.Tags)).ToList();
        var viewNames = views.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var services = serviceSpecs.Where(s => s.Features.All(f => viewNames.Contains(FeatureReference.Parse(f).View)))
            .Select(s => new FeatureService(s.Name, [.. s.Features.Select(FeatureReference.Parse)]));
        return new FeatureDefinitions(entities.Values, views, services);
    }

    public static string Hash(string spec) => ContentHash.Compute(Encoding.UTF8.GetBytes(spec)).ToString();

    private static FeatureSource ToSource(SourceSpec s)
    {
        switch (s.Kind)
        {
            case "csv":
                return new CsvFileSource(s.Name, s.Location, s.TimestampField, s.CreatedTimestampField) { ValidToField = s.ValidToField };
            case "sql":
                return new SqlTableSource(s.Name, s.Location, s.TimestampField, s.CreatedTimestampField) { ValidToField = s.ValidToField };
            case "push":
                return new PushSource(s.Name, s.TimestampField, s.CreatedTimestampField) { ValidToField = s.ValidToField };
            case "dataset":
                var colon = s.Location.IndexOf(':', StringComparison.Ordinal);
                return new DatasetVersionSource(s.Name, s.Location[..colon], s.Location[(colon + 1)..], s.TimestampField, s.CreatedTimestampField) { ValidToField = s.ValidToField };
            default:
                return new RecordBatchSource(s.Name, MLOps.Data.RecordBatch.Empty(new MLOps.Data.Schema()), s.TimestampField, s.CreatedTimestampField) { ValidToField = s.ValidToField };
        }
    }

    private static FeatureSpec ToSpec(Feature feature) => new(feature.Name, FeatureTypes.ToName(feature.Type));

    private static Feature FromSpec(FeatureSpec spec) =>
        new(spec.Name, FeatureTypes.TryParse(spec.Type, out var type) ? type : throw new CorruptException($"The registry holds feature '{spec.Name}' with unknown type '{spec.Type}'."));

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    private static T Deserialize<T>(string spec) =>
        JsonSerializer.Deserialize<T>(spec, Json) ?? throw new CorruptException("The registry holds an empty definition: " + spec.ToString(CultureInfo.InvariantCulture));

    internal sealed record FeatureSpec(string Name, string Type);

    internal sealed record EntitySpec(string Name, IReadOnlyList<FeatureSpec> JoinKeys);

    internal sealed record SourceSpec(string Name, string Kind, string Location, string TimestampField, string? CreatedTimestampField, string? ValidToField);

    internal sealed record ViewSpec(string Name, IReadOnlyList<string> Entities, string Source, long TtlSeconds, bool Online, IReadOnlyList<FeatureSpec> Features, IReadOnlyDictionary<string, string> Tags);

    internal sealed record OnDemandSpec(string Name, IReadOnlyList<FeatureSpec> RequestFields, IReadOnlyList<string> Inputs, IReadOnlyList<FeatureSpec> Outputs);

    internal sealed record ServiceSpec(string Name, IReadOnlyList<string> Features);
}
