using System.Globalization;

namespace MLOps.Tracking.Search;

/// <summary>The parameters of a generated query: every key and literal goes here, never into the SQL text.</summary>
internal sealed class SqlParameters
{
    private readonly List<(string Name, object? Value)> _values = [];

    public IReadOnlyList<(string Name, object? Value)> Values => _values;

    /// <summary>Adds a value and returns its placeholder (<c>@p0</c>, <c>@p1</c> …).</summary>
    public string Add(object? value)
    {
        var name = "p" + _values.Count.ToString(CultureInfo.InvariantCulture);
        _values.Add((name, value));
        return "@" + name;
    }

    public (string Name, object? Value)[] ToArray() => [.. _values];
}
