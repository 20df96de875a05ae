namespace MLOps.Drift;

/// <summary>The 2×k table of a reference and a current sample over the union of their categories (ordinal order).</summary>
/// <param name="Categories">The union of the categories.</param>
/// <param name="Reference">The reference counts, one per category.</param>
/// <param name="Current">The current counts, one per category.</param>
internal sealed record ContingencyTable(string[] Categories, long[] Reference, long[] Current)
{
    public double ReferenceTotal => Reference.Sum();

    public double CurrentTotal => Current.Sum();

    public double Total => ReferenceTotal + CurrentTotal;

    public static ContingencyTable From(ColumnSample reference, ColumnSample current)
    {
        var (categories, a, b) = CategoricalSample.Align((CategoricalSample)reference, (CategoricalSample)current);
        return new ContingencyTable(categories, a, b);
    }

    /// <summary>The number of categories seen in the current sample but not in the reference.</summary>
    public int Unseen => Reference.Count(c => c == 0);

    /// <summary>A note on unseen and vanished categories, or null.</summary>
    public string? Note()
    {
        int unseen = Unseen;
        int vanished = Current.Count(c => c == 0);
        if (unseen == 0 && vanished == 0)
        {
            return null;
        }

        return $"{unseen} categories not in the reference, {vanished} reference categories absent from the current sample";
    }
}
