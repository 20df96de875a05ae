using System.Diagnostics.CodeAnalysis;

namespace MLOps.Lineage;

/// <summary>A feature service of the feature store: <c>features:NAME</c>, such as <c>features:churn_features</c>.</summary>
/// <remarks>Immutable and thread-safe; equality is by service name (case-sensitive). See <see cref="LineageReference"/> for the grammar.</remarks>
public sealed record FeatureServiceReference : LineageReference
{
    internal const string KindName = "features";

    /// <summary>Creates a reference to a feature service.</summary>
    /// <param name="service">The service name: 1 to 128 ASCII letters, digits, '_', '-', '.', starting with a letter or digit.</param>
    /// <exception cref="ArgumentNullException"><paramref name="service"/> is null.</exception>
    /// <exception cref="ValidationException">The name breaks the grammar; the message names the position.</exception>
    public FeatureServiceReference(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        LineageGrammar.ThrowIfInvalid(LineageGrammar.CheckName(service, "feature service name"), "Feature service name", service);
        Service = service;
    }

    /// <summary>The feature service name.</summary>
    public string Service { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Parses <c>features:NAME</c>.</summary>
    /// <param name="text">The text form.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ValidationException">The text breaks the grammar or is another kind of reference.</exception>
    public static new FeatureServiceReference Parse(string text) => ParseKind<FeatureServiceReference>(text, "feature service reference");

    /// <summary>Tries to parse <c>features:NAME</c>.</summary>
    /// <param name="text">The text form, or null.</param>
    /// <param name="reference">The reference, when the text is a valid feature service reference.</param>
    /// <returns>Whether the text is a valid feature service reference.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out FeatureServiceReference? reference) =>
        TryParseKind(text, out reference);

    /// <inheritdoc />
    public override string ToString() => $"{KindName}:{Service}";

    internal static bool TryParseBody(string text, int start, out FeatureServiceReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (LineageGrammar.CheckName(text.AsSpan(start), "feature service name") is { } nameError)
        {
            error = LineageGrammar.Describe(text, start + nameError.Position, nameError.Reason);
            return false;
        }

        reference = new FeatureServiceReference(text[start..]);
        error = null;
        return true;
    }
}
