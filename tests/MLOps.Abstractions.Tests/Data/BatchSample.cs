using MLOps.Data;

namespace MLOps.Abstractions.Tests.Data;

/// <summary>A generated batch in model form: a schema and rows of boxed values as GetValue returns them.</summary>
public sealed record BatchSample(Schema Schema, object?[][] Rows)
{
    public int RowCount => Rows.Length;

    public override string ToString() =>
        $"{Schema} with {Rows.Length} rows, first ones: " + string.Join(" | ", Rows.Take(8).Select(r => string.Join(", ", r.Select(v => v ?? "null"))));
}
