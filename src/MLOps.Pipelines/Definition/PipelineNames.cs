namespace MLOps.Pipelines;

/// <summary>The grammar of pipeline, step and parameter names.</summary>
internal static class PipelineNames
{
    public const int MaxLength = 200;

    public static void Check(string? name, string what)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ValidationException($"A {what} name must not be empty.");
        }

        if (name.Length > MaxLength)
        {
            throw new ValidationException($"The {what} name '{name[..20]}…' is {name.Length} characters; at most {MaxLength}.");
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
            {
                throw new ValidationException($"The {what} name '{name}' has '{c}' at position {i + 1}; use letters, digits, '_', '-' and '.'.");
            }
        }
    }
}
