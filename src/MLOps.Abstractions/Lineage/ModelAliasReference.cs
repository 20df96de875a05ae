using System.Diagnostics.CodeAnalysis;

namespace MLOps.Lineage;

/// <summary>
/// A model version named through a registry alias: <c>model:NAME@ALIAS</c>, such as
/// <c>model:churn@production</c>. The alias is resolved by the registry, so the version it means can
/// change; record a <see cref="ModelVersionReference"/> where lineage must stay fixed.
/// </summary>
/// <remarks>Immutable and thread-safe; equality is by name and alias (case-sensitive). See <see cref="LineageReference"/> for the grammar.</remarks>
public sealed record ModelAliasReference : LineageReference
{
    internal const string KindName = "model";

    /// <summary>Creates a reference to a model alias.</summary>
    /// <param name="name">The model name: 1 to 128 ASCII letters, digits, '_', '-', '.', starting with a letter or digit.</param>
    /// <param name="alias">The alias: the same characters as a name, but not all digits.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ValidationException">The name or alias breaks the grammar; an all-digit alias is rejected because it would read as a version.</exception>
    public ModelAliasReference(string name, string alias)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(alias);
        LineageGrammar.ThrowIfInvalid(LineageGrammar.CheckName(name, "model name"), "Model name", name);
        LineageGrammar.ThrowIfInvalid(LineageGrammar.CheckAlias(alias, name), "Model alias", alias);
        Name = name;
        Alias = alias;
    }

    /// <summary>The model name.</summary>
    public string Name { get; }

    /// <summary>The alias, such as <c>production</c> or <c>champion</c>.</summary>
    public string Alias { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Parses <c>model:NAME@ALIAS</c>.</summary>
    /// <param name="text">The text form.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ValidationException">The text breaks the grammar or is another kind of reference (a version, say).</exception>
    public static new ModelAliasReference Parse(string text) => ParseKind<ModelAliasReference>(text, "model alias reference");

    /// <summary>Tries to parse <c>model:NAME@ALIAS</c>.</summary>
    /// <param name="text">The text form, or null.</param>
    /// <param name="reference">The reference, when the text is a valid model alias reference.</param>
    /// <returns>Whether the text is a valid model alias reference.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ModelAliasReference? reference) =>
        TryParseKind(text, out reference);

    /// <inheritdoc />
    public override string ToString() => $"{KindName}:{Name}@{Alias}";

    internal static bool TryParseBody(string text, int start, int at, out ModelAliasReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        var name = text[start..at];
        if (LineageGrammar.CheckName(name, "model name") is { } nameError)
        {
            error = LineageGrammar.Describe(text, start + nameError.Position, nameError.Reason);
            return false;
        }

        if (LineageGrammar.CheckAlias(text.AsSpan(at + 1), name) is { } aliasError)
        {
            error = LineageGrammar.Describe(text, at + 1 + aliasError.Position, aliasError.Reason);
            return false;
        }

        reference = new ModelAliasReference(name, text[(at + 1)..]);
        error = null;
        return true;
    }
}
