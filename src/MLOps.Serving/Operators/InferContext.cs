using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>What <see cref="Operator.Infer"/> sees: one node's inputs (types, shapes, known values) and its outputs to set.</summary>
internal sealed class InferContext
{
    private readonly List<InputInfo> _inputs = [];
    private readonly List<OutputInfo> _outputs = [];
    private Node _node = null!;

    public Node Node => _node;

    public int InputCount => _inputs.Count;

    public int OutputCount => _outputs.Count;

    /// <summary>Per-shape state the operator keeps for <see cref="Operator.Execute"/>.</summary>
    public object? State { get; set; }

    /// <summary>Bytes of scratch memory the step needs while it runs.</summary>
    public long ScratchBytes { get; private set; }

    public void Reset(Node node)
    {
        _node = node;
        _inputs.Clear();
        _outputs.Clear();
        State = null;
        ScratchBytes = 0;
        for (var i = 0; i < node.Outputs.Length; i++)
        {
            _outputs.Add(default);
        }
    }

    public void AddInput(DataType type, int[]? shape, TensorData? value) => _inputs.Add(new InputInfo(type, shape, value));

    public bool HasInput(int index) => index < _inputs.Count && _inputs[index].Shape is not null;

    public bool HasOutput(int index) => index < _node.Outputs.Length && _node.Outputs[index] is not null;

    public DataType InputType(int index) => Get(index).Type;

    public int[] InputShape(int index) => Get(index).Shape!;

    public int InputRank(int index) => Get(index).Shape!.Length;

    public TensorData? InputValue(int index) => HasInput(index) ? _inputs[index].Value : null;

    /// <summary>The input's value, which this operator needs to know its output shapes.</summary>
    /// <exception cref="DataDependentException">The value is only known at run time.</exception>
    public TensorData RequireValue(int index) => Get(index).Value ?? throw new DataDependentException(_node, index);

    public bool AllInputsKnown
    {
        get
        {
            foreach (var input in _inputs)
            {
                if (input.Shape is not null && input.Value is null)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public void SetOutput(int index, DataType type, int[] shape)
    {
        ShapeMath.ElementCount(shape);
        _outputs[index] = new OutputInfo(type, shape, -1);
    }

    /// <summary>Declares an output that shares the storage of an input (Reshape and friends): nothing is copied.</summary>
    public void SetOutputView(int index, int input, int[] shape)
    {
        var source = Get(input);
        if (ShapeMath.ElementCount(shape) != ShapeMath.ElementCount(source.Shape!))
        {
            throw Error($"cannot view input {input} of shape {ShapeMath.Format(source.Shape!)} as {ShapeMath.Format(shape)}.");
        }

        _outputs[index] = new OutputInfo(source.Type, shape, input);
    }

    public OutputInfo GetOutput(int index) => _outputs[index];

    public void RequestScratch(long bytes) => ScratchBytes = Math.Max(ScratchBytes, bytes);

    /// <summary>Checks an input's element type; the message names the node and input.</summary>
    public void ExpectType(int index, params ReadOnlySpan<DataType> allowed)
    {
        var type = InputType(index);
        foreach (var candidate in allowed)
        {
            if (candidate == type)
            {
                return;
            }
        }

        throw Error($"input {index} ('{InputName(index)}') has element type {DataTypes.Name(type)}, which this operator does not support.");
    }

    public void ExpectSameType(int first, int second)
    {
        if (InputType(first) != InputType(second))
        {
            throw Error($"inputs {first} ('{InputName(first)}') and {second} ('{InputName(second)}') have different element types {DataTypes.Name(InputType(first))} and {DataTypes.Name(InputType(second))}.");
        }
    }

    public void ExpectRank(int index, int rank)
    {
        if (InputRank(index) != rank)
        {
            throw Error($"input {index} ('{InputName(index)}') has shape {ShapeMath.Format(InputShape(index))}; rank {rank} is required.");
        }
    }

    public string InputName(int index) => index < _node.Inputs.Length ? _node.Inputs[index]?.Name ?? string.Empty : string.Empty;

    public ValidationException Error(string message) => new($"{_node.Description}: {message}");

    private InputInfo Get(int index)
    {
        if (!HasInput(index))
        {
            throw Error($"required input {index} is missing.");
        }

        return _inputs[index];
    }

    internal readonly record struct InputInfo(DataType Type, int[]? Shape, TensorData? Value);

    internal readonly record struct OutputInfo(DataType Type, int[]? Shape, int ViewOf);
}
