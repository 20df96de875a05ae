using System.Globalization;

namespace MLOps.Lineage;

/// <summary>
/// The grammar of the parts of a lineage reference. Each check returns null when the part is valid,
/// or the position inside the part and the reason when it is not; callers add the context.
/// </summary>
internal static class LineageGrammar
{
    public const int MaxNameLength = 128;
    public const int MaxRunIdLength = 64;
    public const int MinCommitLength = 7;
    public const int MaxCommitLength = 64;

    /// <summary>NAME: 1 to 128 ASCII letters, digits, '_', '-', '.', starting with a letter or digit.</summary>
    public static LineageSyntaxError? CheckName(ReadOnlySpan<char> value, string part)
    {
        if (value.IsEmpty)
        {
            return new(0, $"the {part} is empty");
        }

        if (value.Length > MaxNameLength)
        {
            return new(MaxNameLength, $"the {part} is {value.Length} characters long; at most {MaxNameLength} are allowed");
        }

        if (!char.IsAsciiLetterOrDigit(value[0]))
        {
            return new(0, $"the {part} must start with an ASCII letter or digit, not '{value[0]}'");
        }

        for (var i = 1; i < value.Length; i++)
        {
            if (!IsNameChar(value[i]))
            {
                return new(i, $"character '{value[i]}' is not allowed in a {part}; use ASCII letters, digits, '_', '-' and '.'");
            }
        }

        return null;
    }

    /// <summary>ALIAS: a NAME that is not all digits, so that it cannot be mistaken for a version.</summary>
    public static LineageSyntaxError? CheckAlias(ReadOnlySpan<char> value, string modelName)
    {
        if (CheckName(value, "model alias") is { } error)
        {
            return error;
        }

        if (!value.ContainsAnyExceptInRange('0', '9'))
        {
            return new(0, $"alias '{value}' is all digits and would read as a version; version {value} of the model is written 'model:{modelName}/{value}'");
        }

        return null;
    }

    /// <summary>RUN ID: 1 to 64 ASCII letters, digits, '_' and '-'.</summary>
    public static LineageSyntaxError? CheckRunId(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return new(0, "the run id is empty");
        }

        if (value.Length > MaxRunIdLength)
        {
            return new(MaxRunIdLength, $"the run id is {value.Length} characters long; at most {MaxRunIdLength} are allowed");
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(value[i]) && value[i] is not ('_' or '-'))
            {
                return new(i, $"character '{value[i]}' is not allowed in a run id; use ASCII letters, digits, '_' and '-'");
            }
        }

        return null;
    }

    /// <summary>COMMIT: 7 to 64 hexadecimal digits (any case; the canonical form is lower case).</summary>
    public static LineageSyntaxError? CheckCommit(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length && i < MaxCommitLength; i++)
        {
            if (!char.IsAsciiHexDigit(value[i]))
            {
                return new(i, $"character '{value[i]}' is not allowed in a commit id; commit ids are hexadecimal");
            }
        }

        if (value.Length is < MinCommitLength or > MaxCommitLength)
        {
            return new(
                Math.Min(value.Length, MaxCommitLength),
                $"the commit id is {value.Length} hexadecimal digits long; {MinCommitLength} to {MaxCommitLength} are needed");
        }

        return null;
    }

    /// <summary>VERSION: a whole number from 1 to <see cref="int.MaxValue"/> in decimal, without sign or leading zeros.</summary>
    public static LineageSyntaxError? CheckVersion(ReadOnlySpan<char> value, out int version)
    {
        version = 0;
        if (value.IsEmpty)
        {
            return new(0, "the model version is empty");
        }

        var bad = value.IndexOfAnyExceptInRange('0', '9');
        if (bad >= 0)
        {
            return new(bad, $"character '{value[bad]}' is not allowed in a model version; versions are whole numbers from 1");
        }

        if (value[0] == '0')
        {
            return new(0, "model versions are whole numbers from 1 without leading zeros");
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out version))
        {
            return new(0, $"model version {value} is larger than {int.MaxValue}");
        }

        return null;
    }

    /// <summary>Throws the error for a value given to a constructor.</summary>
    public static void ThrowIfInvalid(LineageSyntaxError? error, string part, string value)
    {
        if (error is { } e)
        {
            throw new ValidationException($"{part} '{value}' is invalid at position {e.Position}: {e.Reason}.");
        }
    }

    /// <summary>The message for text that does not parse.</summary>
    public static string Describe(string text, int position, string reason) =>
        $"Lineage reference '{text}' is invalid at position {position}: {reason}.";

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
}
