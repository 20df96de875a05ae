using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.FeatureStore;

namespace MLOps.Cli.Commands.Features;

/// <summary>What the features commands share: opening the store and parsing arguments.</summary>
internal static class FeaturesCli
{
    public static Task<int> WithStoreAsync(CliContext context, CancellationToken cancellationToken, Func<FeatureRepository, Task<int>> work) =>
        WithStoreAsync(context, null, cancellationToken, work);

    public static async Task<int> WithStoreAsync(CliContext context, FeatureStoreOptions? options, CancellationToken cancellationToken, Func<FeatureRepository, Task<int>> work)
    {
        await using var workspace = await context.OpenWorkspaceAsync(cancellationToken);
        await using var store = await FeatureRepository.OpenAsync(workspace, options, cancellationToken);
        return await work(store);
    }

    public static IReadOnlyList<FeatureReference> Features(FeatureRepository store, string? service, string? features)
    {
        if ((service is null) == (features is null))
        {
            throw new ValidationException("Give either --service NAME or --features view:feature,…");
        }

        return service is not null
            ? store.Definitions.GetService(service).Features
            : [.. features!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(FeatureReference.Parse)];
    }

    public static DateTimeOffset ParseTime(string text, string option) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new ValidationException($"{option} '{text}' is not an ISO 8601 time (for example 2024-01-31T00:00:00Z).");

    public static IReadOnlyDictionary<string, object?> ParseEntity(string text)
    {
        var entity = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ValidationException($"--entity '{text}': write key=value[,key=value…].");
            }

            var value = pair[(equals + 1)..];
            entity[pair[..equals]] = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? real
                : value;
        }

        return entity;
    }

    public static string StatusName(FeatureStatus status) => status switch
    {
        FeatureStatus.Present => "PRESENT",
        FeatureStatus.NullValue => "NULL_VALUE",
        FeatureStatus.NotFound => "NOT_FOUND",
        _ => "OUTSIDE_MAX_AGE",
    };
}
