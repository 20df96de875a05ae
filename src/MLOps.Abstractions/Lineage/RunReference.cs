using System.Diagnostics.CodeAnalysis;

namespace MLOps.Lineage;

/// <summary>A tracked training or evaluation run: <c>run:RUNID</c>, such as <c>run:8d1e0c4b</c>.</summary>
/// <remarks>Immutable and thread-safe; equality is by run id (case-sensitive). See <see cref="LineageReference"/> for the grammar.</remarks>
public sealed record RunReference : LineageReference
{
    internal const string KindName = "run";

    /// <summary>Creates a reference to a run.</summary>
    /// <param name="runId">The run id: 1 to 64 ASCII letters, digits, '_' and '-'.</param>
    /// <exception cref="ArgumentNullException"><paramref name="runId"/> is null.</exception>
    /// <exception cref="ValidationException">The run id breaks the grammar; the message names the position.</exception>
    public RunReference(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        LineageGrammar.ThrowIfInvalid(LineageGrammar.CheckRunId(runId), "Run id", runId);
        RunId = runId;
    }

    /// <summary>The run id.</summary>
    public string RunId { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Parses <c>run:RUNID</c>.</summary>
    /// <param name="text">The text form.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ValidationException">The text breaks the grammar or is another kind of reference.</exception>
    public static new RunReference Parse(string text) => ParseKind<RunReference>(text, "run reference");

    /// <summary>Tries to parse <c>run:RUNID</c>.</summary>
    /// <param name="text">The text form, or null.</param>
    /// <param name="reference">The reference, when the text is a valid run reference.</param>
    /// <returns>Whether the text is a valid run reference.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out RunReference? reference) =>
        TryParseKind(text, out reference);

    /// <inheritdoc />
    public override string ToString() => $"{KindName}:{RunId}";

    internal static bool TryParseBody(string text, int start, out RunReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (LineageGrammar.CheckRunId(text.AsSpan(start)) is { } runIdError)
        {
            error = LineageGrammar.Describe(text, start + runIdError.Position, runIdError.Reason);
            return false;
        }

        reference = new RunReference(text[start..]);
        error = null;
        return true;
    }
}
