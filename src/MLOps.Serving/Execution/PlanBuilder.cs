using MLOps.Serving.Graph;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Execution;

/// <summary>
/// Walks the graph with concrete input shapes: infers every value's type and shape, evaluates every
/// node whose inputs are all known (constant folding under concrete shapes, which also resolves
/// shape arithmetic such as Shape → Gather → Concat → Reshape), and turns the rest into plan steps
/// with a memory plan. With input values given, everything is known, and the walk evaluates the
/// model outright: the path for models whose shapes depend on input values.
/// </summary>
internal sealed class PlanBuilder
{
    private readonly ModelGraph _graph;
    private readonly ParallelRunner _runner;
    private readonly ValueState[] _states;
    private readonly InferContext _infer = new();

    private PlanBuilder(ModelGraph graph, ParallelRunner runner)
    {
        _graph = graph;
        _runner = runner;
        _states = new ValueState[graph.Values.Count];
        foreach (var value in graph.Values.Values)
        {
            if (value.Constant is { } constant)
            {
                _states[value.Id] = new ValueState(constant.Type, constant.Shape, constant, -1);
            }
        }
    }

    /// <summary>Builds a static plan, or returns null when an output shape depends on input values.</summary>
    public static ExecutionPlan? TryBuild(ModelGraph graph, IReadOnlyList<(DataType Type, int[] Shape)> inputs, ParallelRunner runner)
    {
        var builder = new PlanBuilder(graph, runner);
        for (var i = 0; i < inputs.Count; i++)
        {
            builder._states[graph.Inputs[i].Id] = new ValueState(inputs[i].Type, inputs[i].Shape, null, -1);
        }

        try
        {
            return builder.Build();
        }
        catch (DataDependentException)
        {
            return null;
        }
    }

    /// <summary>Evaluates the model node by node, allocating every value.</summary>
    public static TensorData[] Evaluate(ModelGraph graph, IReadOnlyList<TensorData> inputs, ParallelRunner runner)
    {
        var builder = new PlanBuilder(graph, runner);
        for (var i = 0; i < inputs.Count; i++)
        {
            builder._states[graph.Inputs[i].Id] = new ValueState(inputs[i].Type, inputs[i].Shape, inputs[i], -1);
        }

        foreach (var node in graph.Nodes)
        {
            builder.InferNode(node);
            builder.FoldNode(node);
        }

        return [.. graph.Outputs.Select(o => builder._states[o.Id].Known ?? throw new InvalidOperationException($"Output '{o.Name}' was not computed."))];
    }

    /// <summary>Load-time constant folding: evaluates one node whose inputs are all constants.</summary>
    public static TensorData?[] FoldConstantNode(ModelGraph graph, Node node, ParallelRunner runner)
    {
        var builder = new PlanBuilder(graph, runner);
        builder.InferNode(node);
        builder.FoldNode(node);
        return [.. node.Outputs.Select(o => o is null ? null : builder._states[o.Id].Known)];
    }

    private ExecutionPlan Build()
    {
        var slots = new List<PlanSlot>();
        var steps = new List<PlanStep>();
        var inputSlots = new int[_graph.Inputs.Count];
        for (var i = 0; i < _graph.Inputs.Count; i++)
        {
            var value = _graph.Inputs[i];
            var state = _states[value.Id];
            inputSlots[i] = slots.Count;
            slots.Add(new PlanSlot(value.Name, state.Type, state.Shape, SlotKind.GraphInput) { InputIndex = i });
            _states[value.Id] = state with { Slot = inputSlots[i] };
        }

        foreach (var node in _graph.Nodes)
        {
            InferNode(node);
            if (_infer.AllInputsKnown || node.Operator.ShapeOnly)
            {
                FoldNode(node);
                continue;
            }

            var inputs = new int[node.Inputs.Length];
            for (var i = 0; i < inputs.Length; i++)
            {
                inputs[i] = node.Inputs[i] is { } input ? SlotOf(input, slots) : -1;
            }

            var outputs = new int[node.Outputs.Length];
            for (var i = 0; i < outputs.Length; i++)
            {
                if (node.Outputs[i] is not { } output)
                {
                    outputs[i] = -1;
                    continue;
                }

                var info = _infer.GetOutput(i);
                outputs[i] = slots.Count;
                if (info.ViewOf >= 0)
                {
                    var root = inputs[info.ViewOf];
                    root = slots[root].Kind == SlotKind.View ? slots[root].ViewOf : root;
                    slots.Add(new PlanSlot(output.Name, info.Type, info.Shape!, SlotKind.View) { ViewOf = root });
                }
                else
                {
                    slots.Add(new PlanSlot(output.Name, info.Type, info.Shape!, SlotKind.Arena));
                }

                _states[output.Id] = new ValueState(info.Type, info.Shape!, null, outputs[i]);
            }

            steps.Add(new PlanStep(node.Operator, inputs, outputs, _infer.State) { ScratchBytes = _infer.ScratchBytes });
        }

        var outputSlots = _graph.Outputs.Select(o => SlotOf(o, slots)).ToArray();
        var slotArray = slots.ToArray();
        var stepArray = steps.ToArray();
        var (arenaBytes, scratchBytes) = MemoryPlanner.Assign(slotArray, stepArray, outputSlots);
        return new ExecutionPlan(slotArray, stepArray, inputSlots, outputSlots, arenaBytes, arenaBytes, scratchBytes);
    }

    private int SlotOf(Value value, List<PlanSlot> slots)
    {
        var state = _states[value.Id];
        if (state.Slot >= 0)
        {
            return state.Slot;
        }

        var known = state.Known ?? throw new InvalidOperationException($"Value '{value.Name}' has no slot and no value.");
        var index = slots.Count;
        slots.Add(new PlanSlot(value.Name, known.Type, known.Shape, SlotKind.Constant) { Constant = known });
        _states[value.Id] = state with { Slot = index };
        return index;
    }

    private void InferNode(Node node)
    {
        _infer.Reset(node);
        foreach (var input in node.Inputs)
        {
            if (input is null)
            {
                _infer.AddInput(DataType.Undefined, null, null);
                continue;
            }

            var state = _states[input.Id];
            if (state.Shape is null)
            {
                throw new ValidationException($"{node.Description}: input '{input.Name}' has no value; it is neither a graph input, an initializer nor an earlier node's output.");
            }

            _infer.AddInput(state.Type, state.Shape, state.Known);
        }

        try
        {
            node.Operator.Infer(_infer);
        }
        catch (Exception exception) when (exception is not MLOpsException and not DataDependentException)
        {
            // An operator's own bug must still surface as an inference error naming the node, never as IndexOutOfRange.
            throw new ValidationException($"{node.Description}: shape inference failed: {exception.Message}", exception);
        }
        for (var i = 0; i < node.Outputs.Length; i++)
        {
            if (node.Outputs[i] is not null && _infer.GetOutput(i).Shape is null)
            {
                throw new ValidationException($"{node.Description}: output {i} ('{node.Outputs[i]!.Name}') is not produced by this operator.");
            }
        }
    }

    private unsafe void FoldNode(Node node)
    {
        var context = new KernelContext(_runner);
        var scratch = _infer.ScratchBytes > 0 ? GC.AllocateArray<byte>(checked((int)_infer.ScratchBytes), pinned: true) : null;
        fixed (byte* scratchPointer = scratch)
        {
            context.Begin(node.Inputs.Length, node.Outputs.Length, _infer.State, scratchPointer, _infer.ScratchBytes, node);
            var inputs = new TensorData?[node.Inputs.Length];
            for (var i = 0; i < node.Inputs.Length; i++)
            {
                inputs[i] = node.Inputs[i] is { } input ? _states[input.Id].Known : null;
                if (inputs[i] is { } data)
                {
                    context.SetInput(i, ViewOf(data));
                }
                else if (node.Inputs[i] is { } shapeOnly)
                {
                    // Shape-only operators read the shape, never the (unknown) elements.
                    var state = _states[shapeOnly.Id];
                    context.SetInput(i, new SlotView { Type = state.Type, Shape = state.Shape, Length = ShapeMath.ElementCount(state.Shape) });
                }
                else
                {
                    context.SetInput(i, default);
                }
            }

            var outputs = new TensorData?[node.Outputs.Length];
            for (var i = 0; i < node.Outputs.Length; i++)
            {
                if (node.Outputs[i] is null)
                {
                    context.SetOutput(i, default);
                    continue;
                }

                var info = _infer.GetOutput(i);
                outputs[i] = info.ViewOf >= 0 ? inputs[info.ViewOf]!.WithShape(info.Shape!) : TensorData.Allocate(info.Type, info.Shape!);
                context.SetOutput(i, ViewOf(outputs[i]!));
            }

            try
            {
                node.Operator.Execute(context);
            }
            catch (Exception exception) when (exception is not MLOpsException)
            {
                throw new ValidationException($"{node.Description} failed: {exception.Message}", exception);
            }

            for (var i = 0; i < node.Outputs.Length; i++)
            {
                if (node.Outputs[i] is { } output)
                {
                    _states[output.Id] = new ValueState(outputs[i]!.Type, outputs[i]!.Shape, outputs[i], -1);
                }
            }
        }
    }

    private static unsafe SlotView ViewOf(TensorData data) => new()
    {
        Type = data.Type,
        Shape = data.Shape,
        Length = data.Length,
        Pointer = data.Pointer,
        Strings = data.Strings,
    };

    private readonly record struct ValueState(DataType Type, int[] Shape, TensorData? Known, int Slot);
}
