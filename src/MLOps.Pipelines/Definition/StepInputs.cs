namespace MLOps.Pipelines;

/// <summary>The input values of a step declared with a list of inputs, in declaration order.</summary>
public readonly struct StepInputs
{
    private readonly object?[] _values;

    internal StepInputs(object?[] values) => _values = values;

    /// <summary>The number of inputs.</summary>
    public int Count => _values?.Length ?? 0;

    /// <summary>Gets an input's value.</summary>
    /// <typeparam name="T">The input's declared type (or a base type of it).</typeparam>
    /// <param name="index">The input's position in the declared list.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an input's position.</exception>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/>.</exception>
    public T Get<T>(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return (T)_values[index]!;
    }
}
