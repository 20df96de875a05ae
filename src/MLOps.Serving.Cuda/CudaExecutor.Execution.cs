using System.Buffers;
using System.Runtime.InteropServices;
using MLOps.Serving.Cuda.Lowering;
using MLOps.Serving.Cuda.Native;
using MLOps.Serving.Cuda.Runtime;
using MLOps.Serving.Execution;
using MLOps.Serving.Graph;
using MLOps.Serving.Operators;
using MLOps.Tensors;

namespace MLOps.Serving.Cuda;

/// <content>Execution: plans per input-shape set, lowered and bound to device buffers, run on the stream with CPU fallback steps.</content>
public sealed unsafe partial class CudaExecutor
{
    /// <summary>The device plan for these input shapes (for tests and the check console).</summary>
    internal DevicePlan? GetDevicePlan(ReadOnlySpan<TensorShape> inputShapes)
    {
        var key = new List<int>();
        foreach (var shape in inputShapes)
        {
            key.Add(shape.Rank);
            key.AddRange(shape.Dimensions.ToArray());
        }

        return _cpu.Executor.GetPlan(key.ToArray()) is { } plan ? CudaLowering.Lower(plan, _options.AllowCpuFallback) : null;
    }

    private void CheckCoverage()
    {
        var shapes = new List<int>();
        foreach (var input in _cpu.Executor.Graph.Inputs)
        {
            var dims = input.Shape ?? [];
            shapes.Add(dims.Length);
            shapes.AddRange(dims.Select(static d => d.Size ?? 1));
        }

        if (_cpu.Executor.GetPlan(shapes.ToArray()) is { } plan)
        {
            CudaLowering.Lower(plan, allowCpuFallback: false);
        }
    }

    private void RunCore(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool create)
    {
        var graph = _cpu.Executor.Graph;
        if (inputs.Length != graph.Inputs.Count)
        {
            throw new ValidationException($"The model has {graph.Inputs.Count} inputs; {inputs.Length} tensors were given.");
        }

        if (outputs.Length != graph.Outputs.Count)
        {
            throw new ValidationException($"The model has {graph.Outputs.Count} outputs; {outputs.Length} output tensors were given.");
        }

        var keyLength = 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            InputValidator.CheckInput(graph.Inputs[i], inputs[i]);
            keyLength += inputs[i].Rank + 1;
        }

        InputValidator.CheckSymbols(graph.Inputs, inputs);
        var batch = inputs.Length > 0 && inputs[0].Rank > 0 ? inputs[0].Shape[0] : 0;
        var bucket = batch;
        if (_options.PadToBatchBuckets && batch > 0)
        {
            var uniform = true;
            foreach (var input in inputs)
            {
                uniform &= input.Rank > 0 && input.Shape[0] == batch;
            }

            bucket = uniform ? BatchBuckets.Select(batch, _options.MaxBatchBucket) : batch;
        }

        var key = keyLength <= 256 ? stackalloc int[keyLength] : new int[keyLength];
        var position = 0;
        foreach (var input in inputs)
        {
            key[position++] = input.Rank;
            input.Shape.Dimensions.CopyTo(key[position..]);
            if (bucket != batch)
            {
                key[position] = bucket;
            }

            position += input.Rank;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var plan = _cpu.Executor.GetPlan(key);
            if (plan is null)
            {
                // Output shapes depend on input values: no static plan exists, so the CPU engine evaluates the model.
                RunOnCpu(inputs, outputs, create);
                return;
            }

            _device.MakeCurrent();
            var bound = Bind(plan);
            for (var i = 0; i < inputs.Length; i++)
            {
                var host = bound.HostAddress(plan.InputSlots[i]);
                var bytes = inputs[i].AsBytes();
                var capacity = (int)plan.Slots[plan.InputSlots[i]].ByteSize;
                bytes.CopyTo(new Span<byte>(host, capacity));
                new Span<byte>(host + bytes.Length, capacity - bytes.Length).Clear();
            }

            bound.Run(_stream, _cublas, _options.UseCudaGraphs, _hostContext, _scratch);
            CreateOrCheck(outputs, create, plan, batch, bucket);
            for (var i = 0; i < outputs.Length; i++)
            {
                var destination = outputs[i].AsBytes();
                new ReadOnlySpan<byte>(bound.HostAddress(plan.OutputSlots[i]), destination.Length).CopyTo(destination);
            }
        }
    }

    private void RunOnCpu(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool create)
    {
        var graph = _cpu.Executor.Graph;
        if (!create)
        {
            _cpu.Run(inputs, outputs);
            return;
        }

        var named = new Dictionary<string, Tensor>(inputs.Length, StringComparer.Ordinal);
        for (var i = 0; i < inputs.Length; i++)
        {
            named[graph.Inputs[i].Name] = inputs[i];
        }

        var results = _cpu.Run(named);
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = results[graph.Outputs[i].Name];
        }
    }

    private void CreateOrCheck(Span<Tensor> outputs, bool create, ExecutionPlan plan, int batch, int bucket)
    {
        var graph = _cpu.Executor.Graph;
        for (var i = 0; i < outputs.Length; i++)
        {
            var shape = plan.OutputShape(i);
            if (bucket != batch)
            {
                shape = (int[])shape.Clone();
                if (shape.Length == 0 || shape[0] != bucket)
                {
                    throw new ValidationException($"Output '{graph.Outputs[i].Name}' does not have the batch as its first dimension; turn CudaOptions.PadToBatchBuckets off for this model.");
                }

                shape[0] = batch;
            }

            if (create)
            {
                var type = DataTypes.ToPublic(plan.OutputType(i))
                    ?? throw new ValidationException($"Output '{graph.Outputs[i].Name}' is {DataTypes.Name(plan.OutputType(i))}, which MLOps.Tensors.Tensor cannot carry.");
                outputs[i] = Tensor.Zeros(type, new TensorShape(shape));
            }
            else
            {
                InputValidator.CheckOutput(graph.Outputs[i].Name, plan.OutputType(i), shape, outputs[i]);
            }
        }
    }

    private BoundPlan Bind(ExecutionPlan plan)
    {
        if (_plans.TryGetValue(plan, out var bound))
        {
            return bound;
        }

        if (plan.ScratchBytes > _scratchBytes)
        {
            NativeMemory.Free(_scratch);
            _scratch = (byte*)NativeMemory.AlignedAlloc((nuint)plan.ScratchBytes, 64);
            _scratchBytes = plan.ScratchBytes;
        }

        while (_plans.Count >= _options.MaxCachedPlans && _planOrder.TryDequeue(out var oldest))
        {
            if (_plans.Remove(oldest, out var evicted))
            {
                evicted.Dispose();
            }
        }

        bound = new BoundPlan(CudaLowering.Lower(plan, _options.AllowCpuFallback), _device, _pool, _constants);
        _plans[plan] = bound;
        _planOrder.Enqueue(plan);
        return bound;
    }
}
