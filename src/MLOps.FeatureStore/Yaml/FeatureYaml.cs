using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MLOps.FeatureStore;

/// <summary>
/// Loads definitions from the YAML format of docs/feature-store.md: top-level <c>entities</c>,
/// <c>sources</c>, <c>feature_views</c> and <c>feature_services</c>. Source paths are relative to the
/// YAML file. Errors name the file, the line and the offending item.
/// </summary>
public static class FeatureYaml
{
    /// <summary>Loads a YAML file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The definitions.</returns>
    /// <exception cref="ValidationException">The YAML is malformed or a definition is invalid; the message names the file, line and item.</exception>
    public static FeatureDefinitions Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new NotFoundException($"The definitions file {full} does not exist.");
        }

        return Parse(File.ReadAllText(full), Path.GetDirectoryName(full)!, full);
    }

    /// <summary>Parses YAML text.</summary>
    /// <param name="yaml">The text.</param>
    /// <param name="baseDirectory">The folder relative source paths are resolved against.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <returns>The definitions.</returns>
    /// <exception cref="ValidationException">The YAML is malformed or a definition is invalid.</exception>
    public static FeatureDefinitions Parse(string yaml, string baseDirectory, string sourceName = "features.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            throw new ValidationException($"{sourceName} line {exception.Start.Line}: {exception.Message}", exception);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ValidationException($"{sourceName}: expected a mapping with entities, sources, feature_views and feature_services.");
        }

        var reader = new Reader(sourceName);
        try
        {
            return reader.Read(root, baseDirectory);
        }
        catch (ValidationException exception) when (!exception.Message.StartsWith(sourceName, StringComparison.Ordinal))
        {
            throw new ValidationException($"{sourceName} line {reader.Line}: {exception.Message}", exception);
        }
    }

    /// <summary>Parses a TTL: <c>0</c> (no limit), a number of seconds, or a number with <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c> or <c>w</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="ValidationException">The text is not a duration.</exception>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var unit = trimmed.Length > 0 && char.IsAsciiLetter(trimmed[^1]) ? char.ToLowerInvariant(trimmed[^1]) : 's';
        var number = char.IsAsciiLetter(trimmed.Length > 0 ? trimmed[^1] : '0') ? trimmed[..^1] : trimmed;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new ValidationException($"'{text}' is not a duration; write 0, 90m, 12h, 2d (units s, m, h, d, w).");
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            'd' => TimeSpan.FromDays(value),
            'w' => TimeSpan.FromDays(value * 7),
            _ => throw new ValidationException($"'{text}' has the unknown unit '{unit}'; use s, m, h, d or w."),
        };
    }

    private sealed class Reader(string sourceName)
    {
        public long Line { get; private set; }

        public FeatureDefinitions Read(YamlMappingNode root, string baseDirectory)
        {
            foreach (var key in root.Children.Keys)
            {
                var name = ((YamlScalarNode)key).Value;
                if (name is not ("entities" or "sources" or "feature_views" or "feature_services"))
                {
                    Line = key.Start.Line;
                    throw new ValidationException($"unknown top-level key '{name}'; expected entities, sources, feature_views, feature_services.");
                }
            }

            var entities = new Dictionary<string, Entity>(StringComparer.Ordinal);
            foreach (var node in Items(root, "entities"))
            {
                var name = Required(node, "name", "entity");
                var keys = Sequence(node, "join_keys").Select(k => k switch
                {
                    YamlScalarNode scalar => new Feature(scalar.Value ?? string.Empty, FeatureType.String),
                    YamlMappingNode map => new Feature(Required(map, "name", "join key"), ParseType(map, $"join key of entity '{name}'")),
                    _ => throw new ValidationException($"entity '{name}': a join key is a name or {{name, type}}."),
                }).ToList();
                if (!entities.TryAdd(name, new Entity(name, keys)))
                {
                    throw new ValidationException($"entity '{name}' is defined twice.");
                }
            }

            var sources = new Dictionary<string, FeatureSource>(StringComparer.Ordinal);
            foreach (var node in Items(root, "sources"))
            {
                var name = Required(node, "name", "source");
                var timestamp = Required(node, "timestamp_field", $"source '{name}'");
                var created = Optional(node, "created_timestamp_field");
                FeatureSource source;
                if (Optional(node, "dataset") is { } dataset)
                {
                    source = new DatasetVersionSource(name, dataset, Required(node, "path", $"source '{name}'"), timestamp, created);
                }
                else if (Optional(node, "table") is { } table)
                {
                    source = new SqlTableSource(name, table, timestamp, created);
                }
                else if (string.Equals(Optional(node, "push"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    source = new PushSource(name, timestamp, created);
                }
                else
                {
                    source = new CsvFileSource(name, Path.Combine(baseDirectory, Required(node, "path", $"source '{name}'")), timestamp, created);
                }

                if (Optional(node, "valid_to_field") is { } validTo)
                {
                    source = source switch
                    {
                        CsvFileSource csv => new CsvFileSource(name, csv.Path, timestamp, created) { ValidToField = validTo },
                        DatasetVersionSource ds => new DatasetVersionSource(name, ds.Reference, ds.FilePath, timestamp, created) { ValidToField = validTo },
                        SqlTableSource sql => new SqlTableSource(name, sql.Table, timestamp, created) { ValidToField = validTo },
                        _ => new PushSource(name, timestamp, created) { ValidToField = validTo },
                    };
                }

                if (!sources.TryAdd(name, source))
                {
                    throw new ValidationException($"source '{name}' is defined twice.");
                }
            }

            var views = new List<FeatureView>();
            foreach (var node in Items(root, "feature_views"))
            {
                var name = Required(node, "name", "feature view");
                var viewEntities = Sequence(node, "entities").Select(e =>
                {
                    var entityName = ((YamlScalarNode)e).Value ?? string.Empty;
                    Line = e.Start.Line;
                    return entities.TryGetValue(entityName, out var entity) ? entity : throw new ValidationException($"feature view '{name}' names unknown entity '{entityName}'.");
                }).ToList();
                var sourceRef = Required(node, "source", $"feature view '{name}'");
                if (!sources.TryGetValue(sourceRef, out var source))
                {
                    throw new ValidationException($"feature view '{name}' names unknown source '{sourceRef}'.");
                }

                var features = Sequence(node, "features").Select(f => f is YamlMappingNode map
                    ? new Feature(Required(map, "name", $"feature of view '{name}'"), ParseType(map, $"feature of view '{name}'"))
                    : throw new ValidationException($"feature view '{name}': each feature is {{name, type}}.")).ToList();
                var ttl = Optional(node, "ttl") is { } ttlText ? ParseDuration(ttlText) : TimeSpan.Zero;
                var online = Optional(node, "online") is not { } onlineText || !string.Equals(onlineText, "false", StringComparison.OrdinalIgnoreCase);
                var tags = node.Children.TryGetValue(new YamlScalarNode("tags"), out var tagNode) && tagNode is YamlMappingNode tagMap
                    ? tagMap.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value ?? string.Empty, p => (p.Value as YamlScalarNode)?.Value ?? string.Empty, StringComparer.Ordinal)
                    : null;
                Line = node.Start.Line;
                views.Add(new FeatureView(name, viewEntities, source, features, ttl, online, tags));
            }

            var services = new List<FeatureService>();
            foreach (var node in Items(root, "feature_services"))
            {
                var name = Required(node, "name", "feature service");
                services.Add(new FeatureService(name, [.. Sequence(node, "features").Select(f => FeatureReference.Parse(((YamlScalarNode)f).Value ?? string.Empty))]));
            }

            Line = root.Start.Line;
            return new FeatureDefinitions(entities.Values, views, services);
        }

        private IEnumerable<YamlMappingNode> Items(YamlMappingNode root, string key)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is YamlScalarNode { Value: null or "" })
            {
                yield break;
            }

            if (node is not YamlSequenceNode sequence)
            {
                Line = node.Start.Line;
                throw new ValidationException($"'{key}' must be a list.");
            }

            foreach (var item in sequence)
            {
                Line = item.Start.Line;
                yield return item as YamlMappingNode ?? throw new ValidationException($"each item of '{key}' must be a mapping.");
            }
        }

        private IEnumerable<YamlNode> Sequence(YamlMappingNode node, string key)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                Line = node.Start.Line;
                return [];
            }

            Line = value.Start.Line;
            return value as YamlSequenceNode ?? (IEnumerable<YamlNode>)[value];
        }

        private string Required(YamlMappingNode node, string key, string what)
        {
            if (Optional(node, key) is not { Length: > 0 } value)
            {
                Line = node.Start.Line;
                throw new ValidationException($"{what} has no '{key}'.");
            }

            return value;
        }

        private string? Optional(YamlMappingNode node, string key)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }

            Line = value.Start.Line;
            return value is YamlScalarNode scalar ? scalar.Value : throw new ValidationException($"'{key}' must be a single value.");
        }

        private FeatureType ParseType(YamlMappingNode node, string what)
        {
            var text = Required(node, "type", what);
            return FeatureTypes.TryParse(text, out var type)
                ? type
                : throw new ValidationException($"{what} '{Optional(node, "name")}' has type '{text}'; use int64, float64, string or bool.");
        }

        public override string ToString() => sourceName;
    }
}
