using System.Globalization;

namespace MLOps.Serving;

/// <summary>One dimension of a model's input or output: a fixed size, a named symbol (such as <c>batch</c>), or unknown.</summary>
public readonly record struct TensorDimension
{
    /// <summary>Creates a dimension.</summary>
    /// <param name="size">The fixed size, or null.</param>
    /// <param name="symbol">The symbolic name when the size is not fixed, or null.</param>
    public TensorDimension(int? size, string? symbol)
    {
        Size = size;
        Symbol = size is null ? symbol : null;
    }

    /// <summary>The fixed size, or null when the dimension varies.</summary>
    public int? Size { get; }

    /// <summary>The symbolic name of a varying dimension, or null (for fixed or anonymous dimensions).</summary>
    public string? Symbol { get; }

    /// <summary>Whether the size is fixed.</summary>
    public bool IsFixed => Size is not null;

    /// <summary>A fixed size.</summary>
    /// <param name="size">The size.</param>
    /// <returns>The dimension.</returns>
    public static TensorDimension FromSize(int size) => new(size, null);

    /// <summary>A varying dimension with a name, such as <c>batch</c>.</summary>
    /// <param name="symbol">The name.</param>
    /// <returns>The dimension.</returns>
    public static TensorDimension FromSymbol(string symbol) => new(null, symbol);

    /// <summary>A fixed size.</summary>
    /// <param name="size">The size.</param>
    public static implicit operator TensorDimension(int size) => FromSize(size);

    /// <summary>A varying dimension with a name.</summary>
    /// <param name="symbol">The name.</param>
    public static implicit operator TensorDimension(string symbol) => FromSymbol(symbol);

    /// <summary>The size, the symbol, or <c>?</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Size?.ToString(CultureInfo.InvariantCulture) ?? Symbol ?? "?";
}
