namespace MLOps.Serving;

/// <summary>A model's inputs and outputs, in graph order.</summary>
public sealed class ModelSignature
{
    /// <summary>Creates a signature.</summary>
    /// <param name="inputs">The inputs callers provide.</param>
    /// <param name="outputs">The outputs the model returns.</param>
    public ModelSignature(IReadOnlyList<TensorSignature> inputs, IReadOnlyList<TensorSignature> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The inputs callers provide (initializers are not listed).</summary>
    public IReadOnlyList<TensorSignature> Inputs { get; }

    /// <summary>The outputs, in the order the model declares them.</summary>
    public IReadOnlyList<TensorSignature> Outputs { get; }

    /// <summary>The input with a name.</summary>
    /// <param name="name">The input name.</param>
    /// <returns>The input's signature.</returns>
    /// <exception cref="NotFoundException">No input has that name; the message lists the inputs.</exception>
    public TensorSignature GetInput(string name) =>
        Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal))
        ?? throw new NotFoundException($"The model has no input '{name}'; its inputs are {string.Join(", ", Inputs.Select(i => $"'{i.Name}'"))}.");

    /// <summary>The position of an output in <see cref="Outputs"/>.</summary>
    /// <param name="name">The output name.</param>
    /// <returns>The index, or -1 when the model has no such output.</returns>
    public int IndexOfOutput(string name)
    {
        for (var i = 0; i < Outputs.Count; i++)
        {
            if (string.Equals(Outputs[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The output with a name.</summary>
    /// <param name="name">The output name.</param>
    /// <returns>The output's signature.</returns>
    /// <exception cref="NotFoundException">No output has that name; the message lists the outputs.</exception>
    public TensorSignature GetOutput(string name) =>
        Outputs.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal))
        ?? throw new NotFoundException($"The model has no output '{name}'; its outputs are {string.Join(", ", Outputs.Select(o => $"'{o.Name}'"))}.");
}
