namespace MLOps.Tracking.Search;

/// <summary>
/// Parses the filter language (see <see cref="RunQuery"/>) and order expressions by recursive descent
/// straight over the text, so each error names the exact position. Literal types are checked against
/// the field here; the compiler only ever sees well-typed terms.
/// </summary>
internal sealed partial class FilterParser
{
    private const int MaxDepth = 100;
    private const int MaxInValues = 1000;

    private readonly string _text;
    private readonly string _what;
    private int _pos;
    private int _depth;

    private FilterParser(string text, string what)
    {
        _text = text;
        _what = what;
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Current => _pos < _text.Length ? _text[_pos] : '\0';

    /// <summary>Parses a filter; null or blank means "every run".</summary>
    /// <exception cref="ValidationException">The filter does not parse or is ill-typed; the message names the position.</exception>
    public static FilterNode? ParseFilter(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parser = new FilterParser(text, "filter");
        if (text.Length > TrackingLimits.MaxFilterLength)
        {
            throw parser.Error(TrackingLimits.MaxFilterLength, $"the filter is {text.Length} characters long; at most {TrackingLimits.MaxFilterLength} are allowed");
        }

        var node = parser.ParseOr();
        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw parser.Error(parser._pos, parser.Current == ')'
                ? "unbalanced ')'"
                : $"unexpected '{parser.Snippet(parser._pos)}' after a complete term; join terms with AND or OR");
        }

        return node;
    }

    /// <summary>Parses an order expression: one field and an optional ASC or DESC; null or blank is the default order.</summary>
    /// <exception cref="ValidationException">The expression does not parse; the message names the position.</exception>
    public static OrderTerm ParseOrderBy(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return OrderTerm.Default;
        }

        var parser = new FilterParser(text, "order");
        if (text.Length > TrackingLimits.MaxKeyLength * 2)
        {
            throw parser.Error(0, $"the order is {text.Length} characters long; name one field and ASC or DESC");
        }

        var field = parser.ParseField();
        if (field.Kind == FieldKind.Input)
        {
            throw parser.Error(field.Position, "runs cannot be ordered by inputs; order by an attribute, a metric, a param or a tag");
        }

        var descending = parser.TryKeyword("DESC");
        if (!descending)
        {
            parser.TryKeyword("ASC");
        }

        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw parser.Error(parser._pos, parser.Current == ','
                ? "runs are ordered by one field (ties are broken by creation order)"
                : $"expected ASC, DESC or the end, not '{parser.Snippet(parser._pos)}'");
        }

        return new OrderTerm(field, descending);
    }

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (TryKeyword("OR"))
        {
            left = new FilterLogical(IsAnd: false, left, ParseAnd());
        }

        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseUnary();
        while (TryKeyword("AND"))
        {
            left = new FilterLogical(IsAnd: true, left, ParseUnary());
        }

        return left;
    }

    private FilterNode ParseUnary()
    {
        SkipSpace();
        if (++_depth > MaxDepth)
        {
            throw Error(_pos, $"the filter nests NOT and parentheses more than {MaxDepth} deep");
        }

        try
        {
            if (TryKeyword("NOT"))
            {
                return new FilterNot(ParseUnary());
            }

            if (Current == '(')
            {
                var open = _pos++;
                var inner = ParseOr();
                SkipSpace();
                if (Current != ')')
                {
                    throw Error(AtEnd ? open : _pos, AtEnd ? "this '(' is never closed" : $"expected ')' or AND/OR, not '{Snippet(_pos)}'");
                }

                _pos++;
                return inner;
            }

            return ParseComparison();
        }
        finally
        {
            _depth--;
        }
    }

    private FilterComparison ParseComparison()
    {
        var field = ParseField();
        SkipSpace();
        var operatorPosition = _pos;
        FilterOperator op;
        if (TryKeyword("IS"))
        {
            var negated = TryKeyword("NOT");
            if (!TryKeyword("NULL"))
            {
                throw Error(_pos, $"expected NULL after IS{(negated ? " NOT" : string.Empty)}");
            }

            return new FilterComparison(field, negated ? FilterOperator.IsNotNull : FilterOperator.IsNull, []);
        }

        if (TryKeyword("NOT"))
        {
            op = TryKeyword("IN") ? FilterOperator.NotIn
                : TryKeyword("LIKE") ? FilterOperator.NotLike
                : TryKeyword("ILIKE") ? FilterOperator.NotILike
                : throw Error(_pos, "expected IN, LIKE or ILIKE after NOT");
        }
        else if (TryKeyword("IN"))
        {
            op = FilterOperator.In;
        }
        else if (TryKeyword("LIKE"))
        {
            op = FilterOperator.Like;
        }
        else if (TryKeyword("ILIKE"))
        {
            op = FilterOperator.ILike;
        }
        else
        {
            op = ReadSymbolOperator() ?? throw Error(operatorPosition, AtEnd
                ? $"expected an operator after {field}"
                : $"expected an operator (=, !=, <, <=, >, >=, IN, LIKE, ILIKE, IS NULL) after {field}, not '{Snippet(operatorPosition)}'");
        }

        var values = op is FilterOperator.In or FilterOperator.NotIn ? ParseValueList() : [ParseValue()];
        return new FilterComparison(field, op, FilterTypeCheck.Check(this, field, op, values));
    }

    private FilterOperator? ReadSymbolOperator()
    {
        foreach (var (symbol, op) in Symbols)
        {
            if (string.CompareOrdinal(_text, _pos, symbol, 0, symbol.Length) == 0)
            {
                _pos += symbol.Length;
                return op;
            }
        }

        return null;
    }

    private static readonly (string Symbol, FilterOperator Operator)[] Symbols =
    [
        ("<=", FilterOperator.LessOrEqual), (">=", FilterOperator.GreaterOrEqual), ("!=", FilterOperator.NotEqual),
        ("<>", FilterOperator.NotEqual), ("==", FilterOperator.Equal), ("=", FilterOperator.Equal),
        ("<", FilterOperator.Less), (">", FilterOperator.Greater),
    ];

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        if (_pos + keyword.Length > _text.Length
            || string.Compare(_text, _pos, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        var end = _pos + keyword.Length;
        if (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '_'))
        {
            return false;
        }

        _pos = end;
        return true;
    }

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(Current))
        {
            _pos++;
        }
    }

    private string Snippet(int position)
    {
        var end = position;
        while (end < _text.Length && end - position < 20 && !char.IsWhiteSpace(_text[end]))
        {
            end++;
        }

        return end > position ? _text[position..end] : _text.Substring(position, Math.Min(1, _text.Length - position));
    }

    /// <summary>An error at a position, naming the expression.</summary>
    internal ValidationException Error(int position, string reason) =>
        new($"The {_what} '{TrackingNames.Shorten(_text)}' is invalid at position {position}: {reason}.");
}
