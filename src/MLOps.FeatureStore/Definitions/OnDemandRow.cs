namespace MLOps.FeatureStore;

/// <summary>One row's inputs and outputs for an <see cref="OnDemandFeatureView"/>. Not thread-safe; one per row.</summary>
public sealed class OnDemandRow
{
    private readonly OnDemandFeatureView _view;

    internal OnDemandRow(OnDemandFeatureView view)
    {
        _view = view;
        Values = new object?[view.RequestFields.Count + view.Inputs.Count];
        Outputs = new object?[view.Outputs.Count];
    }

    internal object?[] Values { get; }

    internal object?[] Outputs { get; }

    /// <summary>Reads a request field (by name) or an input feature (by <c>view:feature</c>, <c>VIEW__FEATURE</c> or the bare feature name when unambiguous).</summary>
    /// <param name="name">The input's name.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="NotFoundException">No input has that name.</exception>
    public object? Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < _view.RequestFields.Count; i++)
        {
            if (string.Equals(_view.RequestFields[i].Name, name, StringComparison.Ordinal))
            {
                return Values[i];
            }
        }

        for (var i = 0; i < _view.Inputs.Count; i++)
        {
            var input = _view.Inputs[i];
            if (string.Equals(input.ToString(), name, StringComparison.Ordinal) || string.Equals(input.ColumnName, name, StringComparison.Ordinal) || string.Equals(input.Feature, name, StringComparison.Ordinal))
            {
                return Values[_view.RequestFields.Count + i];
            }
        }

        throw new NotFoundException($"On-demand feature view '{_view.Name}' has no input '{name}'.");
    }

    /// <summary>Reads an input as a double (null when absent or null).</summary>
    /// <param name="name">The input's name.</param>
    /// <returns>The value.</returns>
    public double? GetDouble(string name) => Get(name) switch
    {
        null => null,
        double d => d,
        long l => l,
        int i => i,
        float f => f,
        bool b => b ? 1 : 0,
        var other => Convert.ToDouble(other, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Writes an output.</summary>
    /// <param name="name">The output's name.</param>
    /// <param name="value">The value (converted to the output's type when the row is assembled).</param>
    /// <exception cref="NotFoundException">No output has that name.</exception>
    public void Set(string name, object? value)
    {
        for (var i = 0; i < _view.Outputs.Count; i++)
        {
            if (string.Equals(_view.Outputs[i].Name, name, StringComparison.Ordinal))
            {
                Outputs[i] = value;
                return;
            }
        }

        throw new NotFoundException($"On-demand feature view '{_view.Name}' has no output '{name}'.");
    }
}
