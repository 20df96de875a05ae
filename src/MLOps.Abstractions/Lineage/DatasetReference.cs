using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MLOps.Lineage;

/// <summary>A pinned version of a dataset: <c>dataset:NAME@COMMIT</c>, such as <c>dataset:churn@3f2a9c1</c>.</summary>
/// <remarks>Immutable and thread-safe; equality is by name and lower-case commit id. See <see cref="LineageReference"/> for the grammar.</remarks>
public sealed record DatasetReference : LineageReference
{
    internal const string KindName = "dataset";

    /// <summary>Creates a reference to a dataset at a commit.</summary>
    /// <param name="name">The dataset name: 1 to 128 ASCII letters, digits, '_', '-', '.', starting with a letter or digit.</param>
    /// <param name="commit">The commit id: 7 to 64 hexadecimal digits; stored in lower case.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ValidationException">The name or commit id breaks the grammar; the message names the position.</exception>
    public DatasetReference(string name, string commit)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(commit);
        LineageGrammar.ThrowIfInvalid(LineageGrammar.CheckName(name, "dataset name"), "Dataset name", name);
        LineageGrammar.ThrowIfInvalid(LineageGrammar.CheckCommit(commit), "Dataset commit id", commit);
        Name = name;
        Commit = commit.ToLowerInvariant();
    }

    /// <summary>Creates a reference to a dataset at a commit named by its full content hash.</summary>
    /// <param name="name">The dataset name.</param>
    /// <param name="commit">The commit hash; its 64-character form is the commit id.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ValidationException">The name breaks the grammar.</exception>
    public DatasetReference(string name, ContentHash commit)
        : this(name, commit.ToString())
    {
    }

    /// <summary>The dataset name.</summary>
    public string Name { get; }

    /// <summary>The commit id in lower-case hexadecimal.</summary>
    public string Commit { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Parses <c>dataset:NAME@COMMIT</c>.</summary>
    /// <param name="text">The text form.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ValidationException">The text breaks the grammar or is another kind of reference.</exception>
    public static new DatasetReference Parse(string text) => ParseKind<DatasetReference>(text, "dataset reference");

    /// <summary>Tries to parse <c>dataset:NAME@COMMIT</c>.</summary>
    /// <param name="text">The text form, or null.</param>
    /// <param name="reference">The reference, when the text is a valid dataset reference.</param>
    /// <returns>Whether the text is a valid dataset reference.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out DatasetReference? reference) =>
        TryParseKind(text, out reference);

    /// <inheritdoc />
    public override string ToString() => $"{KindName}:{Name}@{Commit}";

    internal static bool TryParseBody(string text, int start, out DatasetReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        var at = text.IndexOf('@', start);
        if (at < 0)
        {
            error = LineageGrammar.Describe(text, text.Length, "expected '@COMMIT' after the dataset name");
            return false;
        }

        if (LineageGrammar.CheckName(text.AsSpan(start, at - start), "dataset name") is { } nameError)
        {
            error = LineageGrammar.Describe(text, start + nameError.Position, nameError.Reason);
            return false;
        }

        if (LineageGrammar.CheckCommit(text.AsSpan(at + 1)) is { } commitError)
        {
            error = LineageGrammar.Describe(text, at + 1 + commitError.Position, commitError.Reason);
            return false;
        }

        reference = new DatasetReference(text[start..at], text[(at + 1)..]);
        error = null;
        return true;
    }
}
