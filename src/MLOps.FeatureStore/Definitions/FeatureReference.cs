namespace MLOps.FeatureStore;

/// <summary>One feature of one view, written <c>view:feature</c>; its output column is <c>VIEW__FEATURE</c>.</summary>
/// <param name="View">The feature view (or on-demand feature view).</param>
/// <param name="Feature">The feature's name.</param>
public sealed record FeatureReference(string View, string Feature)
{
    /// <summary>The output column name, <c>VIEW__FEATURE</c>.</summary>
    public string ColumnName => View + "__" + Feature;

    /// <summary>Parses <c>view:feature</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ValidationException">The text is not <c>view:feature</c>.</exception>
    public static FeatureReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1 || text.IndexOf(':', colon + 1) >= 0)
        {
            throw new ValidationException($"'{text}' is not a feature reference; write view:feature.");
        }

        return new FeatureReference(text[..colon].Trim(), text[(colon + 1)..].Trim());
    }

    /// <inheritdoc />
    public override string ToString() => View + ":" + Feature;
}
