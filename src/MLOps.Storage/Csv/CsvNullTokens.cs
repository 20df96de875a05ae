using System.Text;

namespace MLOps.Storage.Csv;

/// <summary>The UTF-8 forms of <see cref="CsvOptions.NullValues"/>, matched against raw field bytes.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class CsvNullTokens
{
    private readonly byte[][] _tokens;
    private readonly int _maxLength;

    public CsvNullTokens(IEnumerable<string> values)
    {
        _tokens = values.Select(v => Encoding.UTF8.GetBytes(v)).ToArray();
        _maxLength = _tokens.Length == 0 ? -1 : _tokens.Max(t => t.Length);
        MatchesEmpty = _tokens.Any(t => t.Length == 0);
        NullText = _tokens.Length == 0 ? null : _tokens[0];
    }

    /// <summary>Whether an empty unquoted field is null.</summary>
    public bool MatchesEmpty { get; }

    /// <summary>What the writer writes for a null, or null when nulls cannot be written.</summary>
    public byte[]? NullText { get; }

    /// <summary>Whether <paramref name="text"/> equals one of the tokens.</summary>
    public bool Matches(ReadOnlySpan<byte> text)
    {
        if (text.Length > _maxLength)
        {
            return false;
        }

        foreach (byte[] token in _tokens)
        {
            if (text.SequenceEqual(token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether any token would also parse as a value of a column type, so nulls must be checked before parsing.</summary>
    public bool AnyParses(Func<byte[], bool> parses) => _tokens.Any(parses);
}
