namespace MLOps.Serving.Graph;

/// <summary>A declared dimension: a fixed size, a named symbol (such as <c>N</c>), or unknown.</summary>
internal readonly record struct SymbolicDimension(int? Size, string? Symbol)
{
    public static SymbolicDimension Unknown => default;

    public override string ToString() => Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Symbol ?? "?";
}
