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

        plan = PlanBuilder.TryBuild(Graph, inputs, Runner);
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

    public void Dispose() => Runner.Dispose();
}
