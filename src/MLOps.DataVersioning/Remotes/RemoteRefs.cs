using System.Collections.Immutable;

namespace MLOps.DataVersioning;

/// <summary>A dataset's refs on a remote.</summary>
/// <param name="Branches">Branch name to head commit.</param>
/// <param name="Tags">Tag name to commit.</param>
public sealed record RemoteRefs(ImmutableSortedDictionary<string, ContentHash> Branches, ImmutableSortedDictionary<string, ContentHash> Tags)
{
    /// <summary>No refs.</summary>
    public static RemoteRefs Empty { get; } = new(ImmutableSortedDictionary.Create<string, ContentHash>(StringComparer.Ordinal), ImmutableSortedDictionary.Create<string, ContentHash>(StringComparer.Ordinal));

    /// <summary>Whether two sets of refs are the same.</summary>
    /// <param name="other">The other refs.</param>
    /// <returns>Whether they are equal.</returns>
    public bool SameAs(RemoteRefs other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Branches.Count == other.Branches.Count && Tags.Count == other.Tags.Count
            && Branches.All(b => other.Branches.TryGetValue(b.Key, out var h) && h == b.Value)
            && Tags.All(t => other.Tags.TryGetValue(t.Key, out var h) && h == t.Value);
    }
}
