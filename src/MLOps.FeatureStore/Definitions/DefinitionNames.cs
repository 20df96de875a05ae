namespace MLOps.FeatureStore;

/// <summary>The rule for definition names: letters, digits, <c>_</c> and <c>-</c>, no <c>__</c> (it separates view and feature in output columns).</summary>
internal static class DefinitionNames
{
    public static void ThrowIfInvalid(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ValidationException($"A {what} needs a name.");
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                throw new ValidationException($"The {what} name '{name}' has the character '{c}'; use letters, digits, '_', '-' and '.'.");
            }
        }
    }
}
