using MLOps.Serving.Graph;

namespace MLOps.Serving.Execution;

/// <summary>
/// Runs a graph on the CPU: finds (or builds) the plan for the inputs' shapes and runs its steps in
/// a rented arena. Thread-safe: plans are immutable, arenas are per call.
/// </summary>
internal sealed class GraphExecutor : IDisposable
{
    private readonly PlanCache _plans;

    public GraphExecutor(ModelGraph graph, int threadCount, int planCapacity)
    {
        Graph = graph;
        Runner = new ParallelRunner(threadCount);
        _plans = new PlanCache(planCapacity);
    }

    public ModelGraph Graph { get; }

    public ParallelRunner Runner { get; }

    public int CachedPlanCount => _plans.Count;

    /// <summary>The plan for these input shapes (key: each rank then its sizes), or null when the model must be evaluated call by call.</summary>
    public ExecutionPlan? GetPlan(ReadOnlySpan<int> key)
    {
        if (_plans.TryGet(key, out var plan))
        {
            return plan;
        }

        var inputs = new List<(DataType, int[])>();
        var position = 0;
        foreach (var input in Graph.Inputs)
        {
            var rank = key[position++];
            inputs.Add((input.Type, key.Slice(position, rank).ToArray()));
            position += rank;
        }

        try
        {
            plan = PlanBuilder.TryBuild(Graph, inputs, Runner);
        }
        catch (Exception exception) when (exception is not MLOpsException and not OutOfMemoryException)
        {
            throw new ValidationException($"Planning the model for these input shapes failed: {exception.Message}", exception);
        }

        _plans.Add(key, plan);
        return plan;
    }

    /// <summary>Runs every step of a plan in an arena whose inputs are bound.</summary>
    public static void Execute(ExecutionPlan plan, ExecutionArena arena)
    {
        var context = arena.Context;
        var slots = arena.Slots;
        unsafe
        {
            foreach (var step in plan.Steps)
            {
                context.Begin(step.Inputs.Length, step.Outputs.Length, step.State, arena.Scratch, step.ScratchBytes, step.Operator.Node);
                for (var i = 0; i < step.Inputs.Length; i++)
                {
                    var slot = step.Inputs[i];
                    context.SetInput(i, slot >= 0 ? slots[slot] : default);
                }

                for (var i = 0; i < step.Outputs.Length; i++)
                {
                    var slot = step.Outputs[i];
                    context.SetOutput(i, slot >= 0 ? slots[slot] : default);
                }

                try
                {
                    step.Operator.Execute(context);
                }
                catch (Exception exception) when (exception is not MLOpsException and not OperationCanceledException)
                {
                    throw new ValidationException($"{step.Operator.Node.Description} failed: {exception.Message}", exception);
                }
            }
        }
    }

    /// <summary>Evaluates the model node by node (for shapes that depend on input values).</summary>
    public TensorData[] Evaluate(IReadOnlyList<TensorData> inputs)
    {
        try
        {
            return PlanBuilder.Evaluate(Graph, inputs, Runner);
        }
        catch (Exception exception) when (exception is not MLOpsException and not OperationCanceledException)
        {
            throw new ValidationException($"Evaluating the model failed: {exception.Message}", exception);
        }
    }

    /// <summary>Runs on engine tensors (any ONNX element type), returning new tensors.</summary>
    public TensorData[] Run(IReadOnlyList<TensorData> inputs)
    {
        var graph = Graph;
        if (inputs.Count != graph.Inputs.Count)
        {
            throw new ValidationException($"The model has {graph.Inputs.Count} inputs; {inputs.Count} were given.");
        }

        var key = new List<int>();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (graph.Inputs[i].Type != DataType.Undefined && inputs[i].Type != graph.Inputs[i].Type)
            {
                throw new ValidationException($"Input '{graph.Inputs[i].Name}' is {DataTypes.Name(inputs[i].Type)} but the model expects {DataTypes.Name(graph.Inputs[i].Type)}.");
            }

            key.Add(inputs[i].Shape.Length);
            key.AddRange(inputs[i].Shape);
        }

        var plan = GetPlan(key.ToArray());
        if (plan is null)
        {
            return Evaluate(inputs);
        }

        var arena = plan.Rent(Runner);
        try
        {
            unsafe
            {
                for (var i = 0; i < inputs.Count; i++)
                {
                    if (inputs[i].Type == DataType.String)
                    {
                        arena.BindStrings(i, inputs[i].Strings);
                    }
                    else
                    {
                        arena.BindInput(i, inputs[i].Pointer);
                    }
                }

                Execute(plan, arena);
                var results = new TensorData[graph.Outputs.Count];
                for (var i = 0; i < results.Length; i++)
                {
                    var slot = arena.Slots[plan.OutputSlots[i]];
                    var result = TensorData.Allocate(slot.Type, (int[])slot.Shape.Clone());
                    if (slot.Type == DataType.String)
                    {
                        slot.Strings.AsSpan(0, slot.Length).CopyTo(result.Strings);
                    }
                    else
                    {
                        new ReadOnlySpan<byte>(slot.Pointer, result.Bytes!.Length).CopyTo(result.Bytes);
                    }

                    results[i] = result;
                }

                return results;
            }
        }
        finally
        {
            plan.Return(arena);
        }
    }

    public void Dispose() => Runner.Dispose();
}
