namespace MLOps.Pipelines;

/// <summary>
/// A checked, immutable DAG of typed steps, made by <see cref="PipelineBuilder.Build"/>. Run it with a
/// <see cref="PipelineRunner"/>; one pipeline may run many times, concurrently.
/// </summary>
public sealed class Pipeline
{
    internal Pipeline(string name, StepDefinition[] steps, ParameterDefinition[] parameters)
    {
        Name = name;
        Definitions = steps;
        ParameterDefinitions = parameters;
        StepNames = [.. steps.Select(static s => s.Name)];
        Parameters = [.. parameters.Select(static p => p.Name)];
    }

    /// <summary>The pipeline's name.</summary>
    public string Name { get; }

    /// <summary>The steps' names in a topological order (producers before consumers; declaration order otherwise).</summary>
    public IReadOnlyList<string> StepNames { get; }

    /// <summary>The parameters' names, in declaration order.</summary>
    public IReadOnlyList<string> Parameters { get; }

    internal StepDefinition[] Definitions { get; }

    internal ParameterDefinition[] ParameterDefinitions { get; }

    /// <summary>The names of the steps a step reads from.</summary>
    /// <param name="step">The step's name.</param>
    /// <returns>The producers, in topological order.</returns>
    /// <exception cref="NotFoundException">No such step.</exception>
    public IReadOnlyList<string> DependenciesOf(string step)
    {
        var definition = Array.Find(Definitions, d => string.Equals(d.Name, step, StringComparison.Ordinal))
            ?? throw new NotFoundException($"Pipeline '{Name}' has no step '{step}'.");
        return [.. definition.Dependencies.Order().Select(i => Definitions[i].Name)];
    }
}
