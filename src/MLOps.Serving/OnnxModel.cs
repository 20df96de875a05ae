using System.Buffers;
using MLOps.Serving.Execution;
using MLOps.Serving.Graph;
using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>
/// An ONNX model loaded into the managed CPU engine: parsed, checked (every operator supported),
/// optimized, and ready to run. Thread-safe: one instance serves concurrent calls; each call in
/// flight works in its own arena from a memory plan per input-shape set, so steady-state calls
/// allocate nothing.
/// </summary>
/// <example>
/// <code>
/// using var model = OnnxModel.Load("model.onnx");
/// var outputs = model.Run(new Dictionary&lt;string, Tensor&gt; { ["input"] = Tensor.Create(features, 1, 256) });
/// var scores = (Tensor&lt;float&gt;)outputs["output"];
/// </code>
/// </example>
public sealed class OnnxModel : IModelExecutor
{
    private readonly LoadedModel _model;
    private readonly GraphExecutor _executor;
    private volatile bool _disposed;

    private OnnxModel(LoadedModel model, GraphExecutor executor)
    {
        _model = model;
        _executor = executor;
    }

    /// <inheritdoc />
    public ModelSignature Signature => _model.Signature;

    /// <summary>The operator set versions the model imports, by domain (<c>ai.onnx</c>, <c>ai.onnx.ml</c>, …).</summary>
    public IReadOnlyDictionary<string, long> OpsetImports => _model.OpsetImports;

    /// <summary>How many nodes use each operator in the file as written (before optimization), such as <c>Gemm</c> or <c>ai.onnx.ml.TreeEnsembleClassifier</c>.</summary>
    public IReadOnlyDictionary<string, int> OperatorHistogram => _model.OperatorHistogram;

    /// <summary>The number of elements in the model's initializers (its parameters).</summary>
    public long ParameterCount => _model.ParameterCount;

    /// <summary>The ONNX IR version of the file.</summary>
    public long IrVersion => _model.IrVersion;

    /// <summary>The tool that wrote the model, with its version, such as <c>skl2onnx 1.16</c>.</summary>
    public string Producer => _model.Producer;

    /// <summary>The number of nodes left after optimization.</summary>
    public int OptimizedNodeCount => _executor.Graph.Nodes.Count;

    /// <summary>Threads a call may use for its kernels.</summary>
    public int ThreadCount => _executor.Runner.ThreadCount;

    /// <summary>Loads a model file; external data files are resolved in its folder.</summary>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="NotFoundException">The file (or an external data file) does not exist.</exception>
    /// <exception cref="CorruptException">The file is truncated or not an ONNX model.</exception>
    /// <exception cref="ValidationException">The model uses an unsupported operator, attribute or type (the message names the node, operator, domain and opset), or is inconsistent.</exception>
    public static OnnxModel Load(string path, InferenceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new NotFoundException($"Model file {full} does not exist.");
        }

        return Create(File.ReadAllBytes(full), Path.GetDirectoryName(full), full, options ?? new InferenceOptions());
    }

    /// <summary>Loads a model from bytes.</summary>
    /// <param name="bytes">The serialized <c>ModelProto</c>.</param>
    /// <param name="options">Options; null for the defaults. <see cref="InferenceOptions.ExternalDataDirectory"/> allows external data.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="CorruptException">The bytes are truncated or not an ONNX model.</exception>
    /// <exception cref="ValidationException">The model uses an unsupported operator, attribute or type, or is inconsistent.</exception>
    public static OnnxModel Load(byte[] bytes, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        options ??= new InferenceOptions();
        return Create(bytes, options.ExternalDataDirectory, "ONNX model", options);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var graphInputs = _executor.Graph.Inputs;
        var ordered = ArrayPool<Tensor>.Shared.Rent(graphInputs.Count);
        try
        {
            for (var i = 0; i < graphInputs.Count; i++)
            {
                if (!inputs.TryGetValue(graphInputs[i].Name, out var tensor))
                {
                    throw new ValidationException($"Input '{graphInputs[i].Name}' is missing; the model's inputs are {string.Join(", ", graphInputs.Select(v => $"'{v.Name}'"))}.");
                }

                ordered[i] = tensor;
            }

            if (inputs.Count != graphInputs.Count)
            {
                var unknown = inputs.Keys.First(k => graphInputs.All(v => !string.Equals(v.Name, k, StringComparison.Ordinal)));
                throw new ValidationException($"The model has no input '{unknown}'; its inputs are {string.Join(", ", graphInputs.Select(v => $"'{v.Name}'"))}.");
            }

            var outputs = new Tensor[_executor.Graph.Outputs.Count];
            RunCore(ordered.AsSpan(0, graphInputs.Count), outputs, create: true);
            var result = new Dictionary<string, Tensor>(outputs.Length, StringComparer.Ordinal);
            for (var i = 0; i < outputs.Length; i++)
            {
                result[_executor.Graph.Outputs[i].Name] = outputs[i];
            }

            return result;
        }
        finally
        {
            ordered.AsSpan(0, graphInputs.Count).Clear();
            ArrayPool<Tensor>.Shared.Return(ordered);
        }
    }

    /// <inheritdoc />
    public void Run(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (outputs.Length != _executor.Graph.Outputs.Count)
        {
            throw new ValidationException($"The model has {_executor.Graph.Outputs.Count} outputs; {outputs.Length} output tensors were given.");
        }

        var writable = ArrayPool<Tensor>.Shared.Rent(outputs.Length);
        try
        {
            outputs.CopyTo(writable);
            RunCore(inputs, writable.AsSpan(0, outputs.Length), create: false);
        }
        finally
        {
            writable.AsSpan(0, outputs.Length).Clear();
            ArrayPool<Tensor>.Shared.Return(writable);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TensorShape> GetOutputShapes(ReadOnlySpan<TensorShape> inputShapes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var graphInputs = _executor.Graph.Inputs;
        if (inputShapes.Length != graphInputs.Count)
        {
            throw new ValidationException($"The model has {graphInputs.Count} inputs; {inputShapes.Length} shapes were given.");
        }

        var key = new List<int>();
        foreach (var shape in inputShapes)
        {
            key.Add(shape.Rank);
            key.AddRange(shape.Dimensions.ToArray());
        }

        var plan = _executor.GetPlan(key.ToArray())
            ?? throw new ValidationException("The model's output shapes depend on input values, not only on input shapes.");
        return [.. _executor.Graph.Outputs.Select((_, i) => new TensorShape(plan.OutputShape(i)))];
    }

    /// <summary>Stops the kernel worker threads. Calls in flight must have returned.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _executor.Dispose();
        }
    }

    /// <summary>The graph's input and output names, in signature order, with their engine element types.</summary>
    internal IReadOnlyList<(string Name, DataType Type)> InputTypes => [.. _executor.Graph.Inputs.Select(v => (v.Name, v.Type))];

    /// <summary>Runs on engine tensors (any ONNX element type); used by the conformance runner and the CLI.</summary>
    internal TensorData[] Run(IReadOnlyList<TensorData> inputs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _executor.Run(inputs);
    }

    internal GraphExecutor Executor => _executor;

    private static OnnxModel Create(byte[] bytes, string? baseDirectory, string source, InferenceOptions options)
    {
        options.Validate();
        LoadedModel model;
        try
        {
            model = ModelLoader.Load(bytes, baseDirectory, source, options);
        }
        catch (Exception exception) when (exception is not MLOpsException and not OutOfMemoryException)
        {
            // A malformed graph must fail as an error naming the file, never as the exception of whatever tripped over it.
            throw new ValidationException($"{source} is not a consistent ONNX model: {exception.Message}", exception);
        }

        var executor = new GraphExecutor(model.Graph, options.ResolveThreadCount(), options.MaxCachedPlans);
        try
        {
            model.InferSignature(executor);
            return new OnnxModel(model, executor);
        }
        catch (Exception exception)
        {
            executor.Dispose();
            if (exception is MLOpsException or OutOfMemoryException)
            {
                throw;
            }

            throw new ValidationException($"{source} is not a consistent ONNX model: {exception.Message}", exception);
        }
    }

    private unsafe void RunCore(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool create)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var graph = _executor.Graph;
        if (inputs.Length != graph.Inputs.Count)
        {
            throw new ValidationException($"The model has {graph.Inputs.Count} inputs; {inputs.Length} tensors were given.");
        }

        var keyLength = 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            InputValidator.CheckInput(graph.Inputs[i], inputs[i]);
            keyLength += inputs[i].Rank + 1;
        }

        InputValidator.CheckSymbols(graph.Inputs, inputs);
        var key = keyLength <= 256 ? stackalloc int[keyLength] : new int[keyLength];
        var position = 0;
        foreach (var input in inputs)
        {
            key[position++] = input.Rank;
            input.Shape.Dimensions.CopyTo(key[position..]);
            position += input.Rank;
        }

        var plan = _executor.GetPlan(key);
        if (plan is null)
        {
            Evaluate(inputs, outputs, create);
            return;
        }

        for (var i = 0; i < outputs.Length; i++)
        {
            var name = graph.Outputs[i].Name;
            if (create)
            {
                var type = DataTypes.ToPublic(plan.OutputType(i))
                    ?? throw new ValidationException($"Output '{name}' is {DataTypes.Name(plan.OutputType(i))}, which MLOps.Tensors.Tensor cannot carry.");
                outputs[i] = Tensor.Zeros(type, new TensorShape(plan.OutputShape(i)));
            }
            else
            {
                InputValidator.CheckOutput(name, plan.OutputType(i), plan.OutputShape(i), outputs[i]);
            }
        }

        var arena = plan.Rent(_executor.Runner);
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                if (inputs[i].ElementType == TensorElementType.String)
                {
                    arena.BindStrings(i, TensorBinding.Strings(inputs[i]));
                }
                else
                {
                    arena.Handles[i] = TensorBinding.Pin(inputs[i]);
                    arena.BindInput(i, (byte*)arena.Handles[i].Pointer);
                }
            }

            GraphExecutor.Execute(plan, arena);
            for (var i = 0; i < outputs.Length; i++)
            {
                var slot = arena.Slots[plan.OutputSlots[i]];
                TensorBinding.CopyTo(slot.Pointer, slot.Strings, outputs[i]);
            }
        }
        finally
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                arena.Handles[i].Dispose();
                arena.Handles[i] = default;
            }

            plan.Return(arena);
        }
    }

    private void Evaluate(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool create)
    {
        var data = new TensorData[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            data[i] = TensorBinding.ToTensorData(inputs[i]);
        }

        var results = _executor.Evaluate(data);
        for (var i = 0; i < outputs.Length; i++)
        {
            var name = _executor.Graph.Outputs[i].Name;
            if (create)
            {
                outputs[i] = TensorBinding.ToTensor(results[i], name);
            }
            else
            {
                InputValidator.CheckOutput(name, results[i].Type, results[i].Shape, outputs[i]);
                unsafe
                {
                    TensorBinding.CopyTo(results[i].Pointer, results[i].Strings, outputs[i]);
                }
            }
        }
    }
}
