namespace MLOps.Tracking.Search;

/// <summary>Field names: <c>ENTITY.KEY</c> with bare, backtick- or double-quoted key segments.</summary>
internal sealed partial class FilterParser
{
    private FilterField ParseField()
    {
        SkipSpace();
        var start = _pos;
        var word = ReadWord();
        if (word.Length == 0)
        {
            throw Error(start, AtEnd
                ? "expected a field such as metrics.rmse, params.model, tags.team or attributes.status"
                : $"expected a field such as metrics.rmse, params.model, tags.team or attributes.status, not '{Snippet(start)}'");
        }

        if (Current != '.')
        {
            // A bare attribute name (status, run_name, start_time …) is accepted without the prefix.
            if (SearchFields.Attributes.TryGetValue(word, out var bare))
            {
                return new FilterField(FieldKind.Attribute, bare.Name, MetricAggregate.Last, start);
            }

            throw Error(start, $"unknown field '{word}'; write metrics.KEY, params.KEY, tags.KEY, attributes.NAME or inputs.NAME");
        }

        FieldKind kind = word.ToLowerInvariant() switch
        {
            "metrics" or "metric" => FieldKind.Metric,
            "params" or "param" => FieldKind.Param,
            "tags" or "tag" => FieldKind.Tag,
            "attributes" or "attribute" or "attr" or "run" => FieldKind.Attribute,
            "inputs" or "input" => FieldKind.Input,
            _ => throw Error(start, $"unknown field prefix '{word}'; use metrics., params., tags., attributes. or inputs."),
        };
        _pos++;
        var segments = ReadSegments();
        var aggregate = MetricAggregate.Last;
        if (kind == FieldKind.Metric && segments.Count > 1 && !segments[^1].Quoted)
        {
            aggregate = segments[^1].Text.ToLowerInvariant() switch
            {
                "min" => MetricAggregate.Min,
                "max" => MetricAggregate.Max,
                "last" => MetricAggregate.Last,
                _ => aggregate,
            };
            if (segments[^1].Text.ToLowerInvariant() is "min" or "max" or "last")
            {
                segments.RemoveAt(segments.Count - 1);
            }
        }

        var key = string.Join('.', segments.Select(s => s.Text));
        var keyPosition = segments[0].Position;
        switch (kind)
        {
            case FieldKind.Attribute:
                return SearchFields.Attributes.TryGetValue(key, out var attribute)
                    ? new FilterField(kind, attribute.Name, MetricAggregate.Last, start)
                    : throw Error(keyPosition, $"unknown attribute '{key}'; attributes are {SearchFields.AttributeNames}");
            case FieldKind.Input:
                return SearchFields.Inputs.ContainsKey(key)
                    ? new FilterField(kind, key.ToLowerInvariant(), MetricAggregate.Last, start)
                    : throw Error(keyPosition, $"unknown input field '{key}'; input fields are {SearchFields.InputNames}");
            default:
                try
                {
                    TrackingNames.Key(key, kind.ToString().ToLowerInvariant());
                }
                catch (ValidationException e)
                {
                    throw Error(keyPosition, e.Message.TrimEnd('.'));
                }

                return new FilterField(kind, key, aggregate, start);
        }
    }

    private List<(string Text, bool Quoted, int Position)> ReadSegments()
    {
        var segments = new List<(string Text, bool Quoted, int Position)>();
        while (true)
        {
            var start = _pos;
            if (Current is '`' or '"')
            {
                segments.Add((ReadQuoted(Current, "quoted key"), true, start));
            }
            else
            {
                while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '_' or '-' or '/' or ':'))
                {
                    _pos++;
                }

                if (_pos == start)
                {
                    throw Error(start, AtEnd ? "expected a key after '.'" : $"expected a key after '.', not '{Snippet(start)}'; quote unusual keys with backticks");
                }

                segments.Add((_text[start.._pos], false, start));
            }

            if (Current != '.')
            {
                return segments;
            }

            _pos++;
        }
    }

    private string ReadWord()
    {
        var start = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current == '_'))
        {
            _pos++;
        }

        return _text[start.._pos];
    }
}
