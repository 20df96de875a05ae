using System.Globalization;

namespace MLOps.Serving;

/// <summary>Which versions of a model stay loaded (Triton's version policy): the latest N, specific ones, or all.</summary>
public sealed record ModelVersionPolicy
{
    private ModelVersionPolicy(int? latest, IReadOnlyList<int>? specific)
    {
        LatestCount = latest;
        SpecificVersions = specific;
    }

    /// <summary>Keeps all versions.</summary>
    public static ModelVersionPolicy All { get; } = new(null, null);

    /// <summary>How many of the highest-numbered versions stay loaded, or null.</summary>
    public int? LatestCount { get; }

    /// <summary>The versions that stay loaded, or null.</summary>
    public IReadOnlyList<int>? SpecificVersions { get; }

    /// <summary>Keeps the <paramref name="count"/> highest-numbered versions; loading a newer one retires the oldest after the swap.</summary>
    /// <param name="count">At least 1.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ValidationException"><paramref name="count"/> is below 1.</exception>
    public static ModelVersionPolicy Latest(int count) => count < 1
        ? throw new ValidationException($"A latest-versions policy keeps {count} versions; it must keep at least 1.")
        : new ModelVersionPolicy(count, null);

    /// <summary>Keeps exactly these versions.</summary>
    /// <param name="versions">Version numbers, at least one.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ValidationException">No versions are given.</exception>
    public static ModelVersionPolicy Specific(params int[] versions) => versions is not { Length: > 0 }
        ? throw new ValidationException("A specific-versions policy needs at least one version.")
        : new ModelVersionPolicy(null, [.. versions.Distinct().Order()]);

    /// <summary>The versions of <paramref name="available"/> this policy keeps.</summary>
    /// <param name="available">Version numbers.</param>
    /// <returns>The kept ones, ascending.</returns>
    public IReadOnlyList<int> Select(IEnumerable<int> available)
    {
        var ordered = available.Distinct().Order().ToList();
        if (LatestCount is { } count)
        {
            return ordered.Skip(Math.Max(0, ordered.Count - count)).ToList();
        }

        return SpecificVersions is { } specific ? ordered.Where(specific.Contains).ToList() : ordered;
    }

    /// <summary>Such as <c>latest(1)</c>, <c>specific(1,3)</c> or <c>all</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() =>
        LatestCount is { } count ? string.Create(CultureInfo.InvariantCulture, $"latest({count})")
        : SpecificVersions is { } specific ? $"specific({string.Join(',', specific)})"
        : "all";
}
