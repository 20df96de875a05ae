using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MLOps.Lineage;

/// <summary>One registered version of a model: <c>model:NAME/VERSION</c>, such as <c>model:churn/3</c>.</summary>
/// <remarks>Immutable and thread-safe; equality is by name (case-sensitive) and version. See <see cref="LineageReference"/> for the grammar.</remarks>
public sealed record ModelVersionReference : LineageReference
{
    internal const string KindName = "model";

    /// <summary>Creates a reference to a model version.</summary>
    /// <param name="name">The model name: 1 to 128 ASCII letters, digits, '_', '-', '.', starting with a letter or digit.</param>
    /// <param name="version">The version number, 1 or more.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ValidationException">The name breaks the grammar or the version is below 1.</exception>
    public ModelVersionReference(string name, int version)
    {
        ArgumentNullException.ThrowIfNull(name);
        LineageGrammar.ThrowIfInvalid(LineageGrammar.CheckName(name, "model name"), "Model name", name);
        if (version < 1)
        {
            throw new ValidationException($"Model version {version} of '{name}' is invalid: versions are whole numbers from 1.");
        }

        Name = name;
        Version = version;
    }

    /// <summary>The model name.</summary>
    public string Name { get; }

    /// <summary>The version number, 1 or more.</summary>
    public int Version { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Parses <c>model:NAME/VERSION</c>.</summary>
    /// <param name="text">The text form.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ValidationException">The text breaks the grammar or is another kind of reference (an alias, say).</exception>
    public static new ModelVersionReference Parse(string text) => ParseKind<ModelVersionReference>(text, "model version reference");

    /// <summary>Tries to parse <c>model:NAME/VERSION</c>.</summary>
    /// <param name="text">The text form, or null.</param>
    /// <param name="reference">The reference, when the text is a valid model version reference.</param>
    /// <returns>Whether the text is a valid model version reference.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ModelVersionReference? reference) =>
        TryParseKind(text, out reference);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{KindName}:{Name}/{Version}");

    internal static bool TryParseBody(string text, int start, int slash, out ModelVersionReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (LineageGrammar.CheckName(text.AsSpan(start, slash - start), "model name") is { } nameError)
        {
            error = LineageGrammar.Describe(text, start + nameError.Position, nameError.Reason);
            return false;
        }

        if (LineageGrammar.CheckVersion(text.AsSpan(slash + 1), out var version) is { } versionError)
        {
            error = LineageGrammar.Describe(text, slash + 1 + versionError.Position, versionError.Reason);
            return false;
        }

        reference = new ModelVersionReference(text[start..slash], version);
        error = null;
        return true;
    }
}
