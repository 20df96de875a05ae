using MLOps.Serving.Execution;
using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>
/// What <see cref="Operator.Execute"/> sees: the current step's inputs and outputs as pointers and
/// shapes, its per-shape state and scratch memory. One per call in flight, rebound for every step.
/// </summary>
internal sealed unsafe class KernelContext
{
    private SlotView[] _inputs = new SlotView[8];
    private SlotView[] _outputs = new SlotView[4];

    public KernelContext(ParallelRunner parallel)
    {
        Parallel = parallel;
    }

    public ParallelRunner Parallel { get; }

    /// <summary>The node of the step being run, for messages.</summary>
    public Graph.Node? Node { get; private set; }

    public int InputCount { get; private set; }

    public int OutputCount { get; private set; }

    public object? State { get; private set; }

    public byte* Scratch { get; private set; }

    public long ScratchBytes { get; private set; }

    public void Begin(int inputs, int outputs, object? state, byte* scratch, long scratchBytes, Graph.Node? node = null)
    {
        Node = node;
        if (_inputs.Length < inputs)
        {
            _inputs = new SlotView[inputs];
        }

        if (_outputs.Length < outputs)
        {
            _outputs = new SlotView[outputs];
        }

        InputCount = inputs;
        OutputCount = outputs;
        State = state;
        Scratch = scratch;
        ScratchBytes = scratchBytes;
    }

    public void SetInput(int index, in SlotView view) => _inputs[index] = view;

    public void SetOutput(int index, in SlotView view) => _outputs[index] = view;

    public bool HasInput(int index) => index < InputCount && _inputs[index].Present;

    public bool HasOutput(int index) => index < OutputCount && _outputs[index].Present;

    public ref readonly SlotView InputView(int index) => ref _inputs[index];

    public ref readonly SlotView OutputView(int index) => ref _outputs[index];

    public int[] InputShape(int index) => _inputs[index].Shape;

    public int[] OutputShape(int index) => _outputs[index].Shape;

    public DataType InputType(int index) => _inputs[index].Type;

    public int InputLength(int index) => _inputs[index].Length;

    public int OutputLength(int index) => _outputs[index].Length;

    public string InputName(int index) => Node is { } node && index < node.Inputs.Length ? node.Inputs[index]?.Name ?? string.Empty : string.Empty;

    public ReadOnlySpan<T> Input<T>(int index)
        where T : unmanaged => new(_inputs[index].Pointer, _inputs[index].Length);

    public Span<T> Output<T>(int index)
        where T : unmanaged => new(_outputs[index].Pointer, _outputs[index].Length);

    public T* InputPointer<T>(int index)
        where T : unmanaged => (T*)_inputs[index].Pointer;

    public T* OutputPointer<T>(int index)
        where T : unmanaged => (T*)_outputs[index].Pointer;

    public byte* InputBytes(int index) => _inputs[index].Pointer;

    public byte* OutputBytes(int index) => _outputs[index].Pointer;

    public Span<string> InputStrings(int index) => _inputs[index].Strings.AsSpan(0, _inputs[index].Length);

    public Span<string> OutputStrings(int index) => _outputs[index].Strings.AsSpan(0, _outputs[index].Length);

    /// <summary>An index element that may be stored as an integer or a float (OneHot takes either), truncated to an integer.</summary>
    public double InputInt64Or(int index, int element) => _inputs[index].Type switch
    {
        DataType.Float => Math.Truncate(((float*)_inputs[index].Pointer)[element]),
        DataType.Double => Math.Truncate(((double*)_inputs[index].Pointer)[element]),
        _ => InputInt64(index, element),
    };

    /// <summary>An integer input (any integer width) element as 64 bits; for small index and shape tensors.</summary>
    public long InputInt64(int index, int element) => _inputs[index].Type switch
    {
        DataType.Int64 => ((long*)_inputs[index].Pointer)[element],
        DataType.Int32 => ((int*)_inputs[index].Pointer)[element],
        DataType.Int16 => ((short*)_inputs[index].Pointer)[element],
        DataType.Int8 => ((sbyte*)_inputs[index].Pointer)[element],
        DataType.UInt8 or DataType.Bool => _inputs[index].Pointer[element],
        DataType.UInt16 => ((ushort*)_inputs[index].Pointer)[element],
        DataType.UInt32 => ((uint*)_inputs[index].Pointer)[element],
        DataType.UInt64 => (long)((ulong*)_inputs[index].Pointer)[element],
        _ => 0,
    };
}
