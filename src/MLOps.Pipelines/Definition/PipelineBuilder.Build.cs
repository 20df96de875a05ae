using System.Text;

namespace MLOps.Pipelines;

/// <content>Build: the DAG checks.</content>
public sealed partial class PipelineBuilder
{
    /// <summary>Checks the DAG and produces the immutable pipeline.</summary>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ValidationException">
    /// Duplicate step names, inputs naming missing steps or parameters, an input whose producer's type does not
    /// match, a cycle, or invalid step options; the message lists every problem with the steps' names.
    /// </exception>
    public Pipeline Build()
    {
        ThrowIfBuilt();
        var errors = new List<string>();
        var byName = new Dictionary<string, StepDefinition>(StringComparer.Ordinal);
        foreach (var step in _steps)
        {
            if (!byName.TryAdd(step.Name, step))
            {
                errors.Add($"step '{step.Name}' is declared more than once");
            }

            try
            {
                step.Options.Validate(step.Name);
            }
            catch (ValidationException exception)
            {
                errors.Add(exception.Message);
            }

            if (_serializers.TryGetValue(step.OutputType, out var codec))
            {
                step.Codec = codec;
            }
        }

        var parameters = _parameters.Select((p, i) => (p, i)).ToDictionary(x => x.p.Name, x => x.i, StringComparer.Ordinal);
        foreach (var step in _steps)
        {
            CheckInputs(step, byName, parameters, errors);
        }

        if (errors.Count == 0)
        {
            var order = Sort(byName, errors);
            if (errors.Count == 0)
            {
                _built = true;
                var ordered = order.Select(n => byName[n]).ToArray();
                Link(ordered, parameters);
                var parameterList = _parameters.Select(p => _serializers.TryGetValue(p.Type, out var c) ? p with { Codec = c } : p).ToArray();
                return new Pipeline(Name, ordered, parameterList);
            }
        }

        var message = new StringBuilder($"Pipeline '{Name}' is invalid:");
        foreach (var error in errors)
        {
            message.Append(Environment.NewLine).Append("  - ").Append(error);
        }

        throw new ValidationException(message.ToString());
    }

    private void CheckInputs(StepDefinition step, Dictionary<string, StepDefinition> byName, Dictionary<string, int> parameters, List<string> errors)
    {
        for (var i = 0; i < step.Inputs.Length; i++)
        {
            var input = step.Inputs[i];
            if (input.IsParameter)
            {
                if (!parameters.TryGetValue(input.Name, out var index))
                {
                    errors.Add($"step '{step.Name}' input {i + 1} is parameter '{input.Name}', which pipeline '{Name}' does not declare");
                }
                else if (!input.ValueType.IsAssignableFrom(_parameters[index].Type))
                {
                    errors.Add($"step '{step.Name}' input {i + 1} expects {input.ValueType.Name} but parameter '{input.Name}' is {_parameters[index].Type.Name}");
                }
            }
            else if (!byName.TryGetValue(input.Name, out var producer))
            {
                errors.Add($"step '{step.Name}' input {i + 1} is the output of step '{input.Name}', which does not exist");
            }
            else if (!input.ValueType.IsAssignableFrom(producer.OutputType))
            {
                errors.Add($"step '{step.Name}' input {i + 1} expects {input.ValueType.Name} but step '{producer.Name}' produces {producer.OutputType.Name}");
            }
        }
    }

    private static List<string> Sort(Dictionary<string, StepDefinition> byName, List<string> errors)
    {
        // Kahn's algorithm in declaration order, so the order (and with it the scheduling) is deterministic.
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        var consumers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var step in byName.Values)
        {
            var producers = step.Inputs.Where(static i => !i.IsParameter).Select(static i => i.Name).Distinct(StringComparer.Ordinal).ToList();
            pending[step.Name] = producers.Count;
            foreach (var producer in producers)
            {
                (consumers.TryGetValue(producer, out var list) ? list : consumers[producer] = []).Add(step.Name);
            }
        }

        var ready = new Queue<string>(byName.Keys.Where(n => pending[n] == 0));
        var order = new List<string>(byName.Count);
        while (ready.TryDequeue(out var name))
        {
            order.Add(name);
            foreach (var consumer in consumers.GetValueOrDefault(name) ?? [])
            {
                if (--pending[consumer] == 0)
                {
                    ready.Enqueue(consumer);
                }
            }
        }

        if (order.Count < byName.Count)
        {
            errors.Add("cycle: " + string.Join(" -> ", FindCycle(byName, pending)));
        }

        return order;
    }

    private static List<string> FindCycle(Dictionary<string, StepDefinition> byName, Dictionary<string, int> pending)
    {
        // Every step left with pending producers lies on or downstream of a cycle; walking producers from one must loop.
        var start = pending.First(p => p.Value > 0).Key;
        var path = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = start;
        while (!seen.ContainsKey(current))
        {
            seen[current] = path.Count;
            path.Add(current);
            current = byName[current].Inputs.First(i => !i.IsParameter && pending[i.Name] > 0).Name;
        }

        var cycle = path.GetRange(seen[current], path.Count - seen[current]);
        cycle.Reverse();
        cycle.Add(cycle[0]);
        return cycle;
    }

    private static void Link(StepDefinition[] ordered, Dictionary<string, int> parameters)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i].Index = i;
            index[ordered[i].Name] = i;
        }

        var dependents = ordered.Select(static _ => new List<int>()).ToArray();
        foreach (var step in ordered)
        {
            step.InputSteps = step.Inputs.Select(i => i.IsParameter ? -1 : index[i.Name]).ToArray();
            step.InputParameters = step.Inputs.Select(i => i.IsParameter ? parameters[i.Name] : -1).ToArray();
            step.Dependencies = step.InputSteps.Where(static s => s >= 0).Distinct().ToArray();
            foreach (var dependency in step.Dependencies)
            {
                dependents[dependency].Add(step.Index);
            }

            step.Resilience = StepResilience.Create(step.Options);
        }

        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i].Dependents = [.. dependents[i]];
        }
    }
}
