using System.Diagnostics.CodeAnalysis;

namespace MLOps.Lineage;

/// <summary>
/// A reference from one artifact of the lifecycle to another, written as short text such as
/// <c>dataset:churn@3f2a9c1</c>, <c>run:8d1e0c</c>, <c>model:churn/3</c>,
/// <c>model:churn@production</c> or <c>features:churn_features</c>. Runs record the datasets and
/// feature services they read; model versions record the run that produced them.
/// </summary>
/// <remarks>
/// <para>Grammar (everything is case-sensitive except hexadecimal digits):</para>
/// <list type="bullet">
/// <item><c>dataset:NAME@COMMIT</c>, <see cref="DatasetReference"/>.</item>
/// <item><c>run:RUNID</c>, <see cref="RunReference"/>.</item>
/// <item><c>model:NAME/VERSION</c>, <see cref="ModelVersionReference"/>.</item>
/// <item><c>model:NAME@ALIAS</c>, <see cref="ModelAliasReference"/>.</item>
/// <item><c>features:NAME</c>, <see cref="FeatureServiceReference"/>.</item>
/// </list>
/// <para>
/// NAME is 1 to 128 ASCII letters, digits, <c>_</c>, <c>-</c> and <c>.</c>, starting with a letter or
/// digit; it never contains <c>/</c>, <c>@</c> or <c>:</c>, so the separators are unambiguous.
/// ALIAS follows the NAME rules but is not all digits (<c>model:churn@1</c> is rejected in favour of
/// <c>model:churn/1</c>). VERSION is a whole number from 1 without sign or leading zeros. COMMIT is 7
/// to 64 hexadecimal digits, stored in lower case. RUNID is 1 to 64 ASCII letters, digits,
/// <c>_</c> and <c>-</c>.
/// </para>
/// <para>
/// <see cref="ToString"/> gives the canonical text, and <c>Parse(reference.ToString())</c> equals the
/// reference. Instances are immutable and thread-safe; equality is by value.
/// </para>
/// </remarks>
public abstract record LineageReference
{
    private const string KnownKinds = "dataset, run, model or features";

    private protected LineageReference()
    {
    }

    /// <summary>The kind prefix without the colon: <c>dataset</c>, <c>run</c>, <c>model</c> or <c>features</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Parses the text form of any kind of reference.</summary>
    /// <param name="text">Text such as <c>model:churn/3</c>.</param>
    /// <returns>The matching derived record.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ValidationException">The text breaks the grammar; the message quotes it and names the position and the part that is wrong.</exception>
    public static LineageReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var reference, out var error) ? reference : throw new ValidationException(error);
    }

    /// <summary>Tries to parse the text form of any kind of reference.</summary>
    /// <param name="text">Text such as <c>model:churn/3</c>, or null.</param>
    /// <param name="reference">The reference, when the text is valid.</param>
    /// <returns>Whether the text is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out LineageReference? reference)
    {
        if (text is null)
        {
            reference = null;
            return false;
        }

        return TryParse(text, out reference, out _);
    }

    /// <summary>The canonical text form, such as <c>dataset:churn@3f2a9c1</c>.</summary>
    /// <returns>Text that <see cref="Parse"/> turns back into an equal reference.</returns>
    public abstract override string ToString();

    internal static bool TryParse(string text, [NotNullWhen(true)] out LineageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            error = LineageGrammar.Describe(text, 0, $"expected KIND:…, where KIND is {KnownKinds}");
            return false;
        }

        var kind = text.AsSpan(0, colon);
        var start = colon + 1;
        if (kind.SequenceEqual(DatasetReference.KindName))
        {
            var ok = DatasetReference.TryParseBody(text, start, out var dataset, out error);
            reference = dataset;
            return ok;
        }

        if (kind.SequenceEqual(RunReference.KindName))
        {
            var ok = RunReference.TryParseBody(text, start, out var run, out error);
            reference = run;
            return ok;
        }

        if (kind.SequenceEqual(ModelVersionReference.KindName))
        {
            return TryParseModel(text, start, out reference, out error);
        }

        if (kind.SequenceEqual(FeatureServiceReference.KindName))
        {
            var ok = FeatureServiceReference.TryParseBody(text, start, out var features, out error);
            reference = features;
            return ok;
        }

        error = LineageGrammar.Describe(text, 0, $"unknown kind '{kind}'; expected {KnownKinds}");
        return false;
    }

    /// <summary>Parses the text form of one kind of reference, for the static <c>Parse</c> of each derived record.</summary>
    internal static TReference ParseKind<TReference>(string text, string kindDescription)
        where TReference : LineageReference
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var reference, out var error))
        {
            throw new ValidationException(error);
        }

        return reference as TReference ?? throw new ValidationException(
            $"Lineage reference '{text}' is a {Describe(reference)}, not a {kindDescription}.");
    }

    /// <summary>Tries to parse the text form of one kind of reference, for the static <c>TryParse</c> of each derived record.</summary>
    internal static bool TryParseKind<TReference>(string? text, [NotNullWhen(true)] out TReference? reference)
        where TReference : LineageReference
    {
        reference = text is not null && TryParse(text, out var any, out _) ? any as TReference : null;
        return reference is not null;
    }

    private static bool TryParseModel(string text, int start, out LineageReference? reference, out string? error)
    {
        var separator = text.AsSpan(start).IndexOfAny('/', '@');
        if (separator < 0)
        {
            reference = null;
            error = LineageGrammar.Describe(text, text.Length, "expected '/VERSION' or '@ALIAS' after the model name");
            return false;
        }

        if (text[start + separator] == '/')
        {
            var ok = ModelVersionReference.TryParseBody(text, start, start + separator, out var version, out error);
            reference = version;
            return ok;
        }

        var parsed = ModelAliasReference.TryParseBody(text, start, start + separator, out var alias, out error);
        reference = alias;
        return parsed;
    }

    private static string Describe(LineageReference reference) => reference switch
    {
        DatasetReference => "dataset reference",
        RunReference => "run reference",
        ModelVersionReference => "model version reference",
        ModelAliasReference => "model alias reference",
        _ => "feature service reference",
    };
}
