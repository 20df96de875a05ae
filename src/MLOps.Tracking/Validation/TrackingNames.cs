using MLOps.Lineage;

namespace MLOps.Tracking;

/// <summary>Checks names, keys and values before anything is written; every error names the field and the value.</summary>
internal static class TrackingNames
{
    /// <summary>
    /// A param, metric or tag key: 1 to 250 characters of ASCII letters, digits, '_', '-', '.', '/', ':'
    /// and spaces, not starting or ending with a space. The filter language quotes keys with
    /// backticks when they hold anything but letters, digits, '_' and '.'.
    /// </summary>
    public static string Key(string? key, string what)
    {
        if (key is null)
        {
            throw new ValidationException($"The {what} key is missing.");
        }

        if (key.Length is 0 or > TrackingLimits.MaxKeyLength)
        {
            throw new ValidationException($"The {what} key '{Shorten(key)}' is {key.Length} characters long; use 1 to {TrackingLimits.MaxKeyLength}.");
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.' or '/' or ':' or ' '))
            {
                throw new ValidationException(
                    $"The {what} key '{Shorten(key)}' has character '{Printable(c)}' at position {i}; use ASCII letters, digits, '_', '-', '.', '/', ':' and spaces.");
            }
        }

        if (key[0] == ' ' || key[^1] == ' ')
        {
            throw new ValidationException($"The {what} key '{key}' starts or ends with a space.");
        }

        return key;
    }

    /// <summary>An experiment or run name: 1 to 256 characters, no control characters, not blank.</summary>
    public static string Name(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ValidationException($"The {what} is empty; give 1 to {TrackingLimits.MaxNameLength} characters.");
        }

        if (name.Length > TrackingLimits.MaxNameLength)
        {
            throw new ValidationException($"The {what} '{Shorten(name)}' is {name.Length} characters long; at most {TrackingLimits.MaxNameLength} are allowed.");
        }

        var control = name.AsSpan().IndexOfAnyInRange('\0', '\x1f');
        if (control >= 0 || name.Contains('\x7f', StringComparison.Ordinal))
        {
            throw new ValidationException($"The {what} '{Shorten(name)}' contains a control character at position {Math.Max(control, name.IndexOf('\x7f', StringComparison.Ordinal))}.");
        }

        return name;
    }

    /// <summary>A tag value: at most 8,000 characters (empty is allowed).</summary>
    public static string TagValue(string? value, string key)
    {
        if (value is null)
        {
            throw new ValidationException($"The value of tag '{key}' is missing; use an empty string for no value.");
        }

        if (value.Length > TrackingLimits.MaxTagValueLength)
        {
            throw new ValidationException($"The value of tag '{key}' is {value.Length} characters long; at most {TrackingLimits.MaxTagValueLength} are allowed.");
        }

        return value;
    }

    /// <summary>A description: at most 10,000 characters; null means none.</summary>
    public static string? Description(string? value, string what)
    {
        if (value is not null && value.Length > TrackingLimits.MaxDescriptionLength)
        {
            throw new ValidationException($"The description of {what} is {value.Length} characters long; at most {TrackingLimits.MaxDescriptionLength} are allowed.");
        }

        return value;
    }

    /// <summary>A registered model name: the lineage NAME grammar (1 to 128 ASCII letters, digits, '_', '-', '.').</summary>
    public static string ModelName(string? name)
    {
        if (name is null)
        {
            throw new ValidationException("The model name is missing.");
        }

        try
        {
            _ = new ModelVersionReference(name, 1);
        }
        catch (ValidationException e)
        {
            throw new ValidationException($"The model name '{Shorten(name)}' is invalid: {e.Message}", e);
        }

        return name;
    }

    /// <summary>An alias: the NAME grammar, and not all digits so that it cannot be read as a version.</summary>
    public static string Alias(string modelName, string? alias)
    {
        if (alias is null)
        {
            throw new ValidationException($"The alias of model '{modelName}' is missing.");
        }

        try
        {
            _ = new ModelAliasReference(modelName, alias);
        }
        catch (ValidationException e)
        {
            throw new ValidationException($"The alias '{Shorten(alias)}' of model '{modelName}' is invalid: {e.Message}", e);
        }

        return alias;
    }

    /// <summary>A run id: 32 lower-case hexadecimal digits.</summary>
    public static string RunId(string? runId)
    {
        if (runId is null)
        {
            throw new ValidationException("The run id is missing.");
        }

        if (runId.Length != 32 || runId.AsSpan().ContainsAnyExcept("0123456789abcdef"))
        {
            throw new ValidationException($"The run id '{Shorten(runId)}' is invalid: run ids are 32 lower-case hexadecimal digits.");
        }

        return runId;
    }

    /// <summary>Cuts long values in messages so one bad input cannot flood a log.</summary>
    public static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
