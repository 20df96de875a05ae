using System.Globalization;

namespace MLOps.Tracking.Search;

/// <summary>Literals: quoted strings (a doubled quote escapes it), finite numbers, TRUE and FALSE, and IN lists of them.</summary>
internal sealed partial class FilterParser
{
    private List<FilterValue> ParseValueList()
    {
        SkipSpace();
        if (Current != '(')
        {
            throw Error(_pos, "expected '(' and a list of values after IN");
        }

        _pos++;
        var values = new List<FilterValue>();
        while (true)
        {
            values.Add(ParseValue());
            if (values.Count > MaxInValues)
            {
                throw Error(values[^1].Position, $"an IN list holds at most {MaxInValues} values");
            }

            SkipSpace();
            if (Current == ',')
            {
                _pos++;
                continue;
            }

            if (Current == ')')
            {
                _pos++;
                return values;
            }

            throw Error(_pos, AtEnd ? "the IN list is never closed with ')'" : $"expected ',' or ')' in the IN list, not '{Snippet(_pos)}'");
        }
    }

    private FilterValue ParseValue()
    {
        SkipSpace();
        var start = _pos;
        if (Current is '\'' or '"')
        {
            return new FilterValue(ReadQuoted(Current, "string"), start);
        }

        if (char.IsAsciiDigit(Current) || (Current is '-' or '+' or '.' && _pos + 1 < _text.Length && (char.IsAsciiDigit(_text[_pos + 1]) || _text[_pos + 1] == '.')))
        {
            return new FilterValue(ReadNumber(), start);
        }

        if (TryKeyword("TRUE"))
        {
            return new FilterValue(true, start);
        }

        if (TryKeyword("FALSE"))
        {
            return new FilterValue(false, start);
        }

        if (TryKeyword("NULL"))
        {
            throw Error(start, "compare with NULL through IS NULL or IS NOT NULL");
        }

        throw Error(start, AtEnd ? "expected a value at the end" : $"expected a value ('quoted string', number, TRUE or FALSE), not '{Snippet(start)}'");
    }

    private double ReadNumber()
    {
        var start = _pos;
        if (Current is '-' or '+')
        {
            _pos++;
        }

        while (char.IsAsciiDigit(Current) || Current == '.')
        {
            _pos++;
        }

        if (Current is 'e' or 'E')
        {
            _pos++;
            if (Current is '-' or '+')
            {
                _pos++;
            }

            while (char.IsAsciiDigit(Current))
            {
                _pos++;
            }
        }

        if (char.IsAsciiLetter(Current) || Current == '_')
        {
            throw Error(_pos, $"'{Snippet(start)}' is not a number");
        }

        var text = _text.AsSpan(start, _pos - start);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(start, $"'{text}' is not a finite number");
        }

        return value;
    }

    private string ReadQuoted(char quote, string what)
    {
        var open = _pos++;
        var builder = new System.Text.StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error(open, $"the {what} starting here is never closed with {quote}");
            }

            var c = _text[_pos++];
            if (c == quote)
            {
                // A doubled quote is the quote character itself.
                if (Current == quote)
                {
                    builder.Append(quote);
                    _pos++;
                    continue;
                }

                return builder.ToString();
            }

            builder.Append(c);
        }
    }
}
