using System.Runtime.InteropServices;
using MLOps.Serving.Cuda.Lowering;
using MLOps.Serving.Cuda.Native;
using MLOps.Serving.Execution;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Cuda.Runtime;

/// <summary>
/// A device plan bound to memory: its arena from the pool, a pinned host mirror at the same offsets
/// (input staging, output staging, and the CPU side of fallback nodes), kernel functions with their
/// argument blocks written once, and optionally the CUDA graph captured from its launches. Runs are
/// serialized by the owning executor.
/// </summary>
internal sealed unsafe class BoundPlan : IDisposable
{
    private readonly DeviceMemoryPool _pool;
    private readonly ConstantStore _constants;
    private readonly DeviceBuffer _arena;
    private readonly byte* _host;
    private readonly Launch[][] _launches;
    private readonly List<nint> _blocks = [];
    private nint _graph;
    private nint _graphExec;
    private int _eagerRuns;

    public BoundPlan(DevicePlan plan, CudaDevice device, DeviceMemoryPool pool, ConstantStore constants)
    {
        Plan = plan;
        _pool = pool;
        _constants = constants;
        _arena = pool.Rent(plan.Layout.TotalBytes);
        _launches = new Launch[plan.Steps.Count][];
        try
        {
            CudaErrors.Check(CudaDriver.cuMemAllocHost_v2(out var host, (nuint)plan.Layout.TotalBytes));
            _host = (byte*)host;
            for (var s = 0; s < plan.Steps.Count; s++)
            {
                _launches[s] = [.. plan.Steps[s].Kernels.Select(k => Bind(k, device))];
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public DevicePlan Plan { get; }

    public ExecutionPlan CpuPlan => Plan.Plan;

    /// <summary>The pinned host address of a slot (graph inputs are staged here; outputs land here).</summary>
    public byte* HostAddress(int slot) => Plan.Layout.HostAddress(CpuPlan, _host, slot);

    /// <summary>The device address of a slot; 0 for slot -1.</summary>
    public ulong DeviceAddress(int slot)
    {
        if (slot < 0)
        {
            return 0;
        }

        var root = DeviceLayout.Root(CpuPlan, slot);
        return CpuPlan.Slots[root].Kind == SlotKind.Constant ? _constants.Get(CpuPlan.Slots[root].Constant!) : _arena.Pointer + (ulong)Plan.Layout.Offsets[root];
    }

    /// <summary>Runs the plan on the stream and waits for it; inputs must already be in the host mirror.</summary>
    public void Run(nint stream, nint cublas, bool useGraph, KernelContext hostContext, byte* scratch)
    {
        // The first run is eager: it loads the kernels and lets cuBLAS allocate its workspace, which stream capture forbids.
        if (useGraph && !Plan.HasHostSteps && _eagerRuns++ > 0)
        {
            if (_graphExec == 0)
            {
                CudaErrors.Check(CudaDriver.cuStreamBeginCapture_v2(stream, CudaDriver.StreamCaptureModeThreadLocal));
                try
                {
                    for (var s = 0; s < Plan.Steps.Count; s++)
                    {
                        Enqueue(s, stream, cublas);
                    }
                }
                finally
                {
                    CudaErrors.Check(CudaDriver.cuStreamEndCapture(stream, out _graph));
                }

                CudaErrors.Check(CudaDriver.cuGraphInstantiateWithFlags(out _graphExec, _graph, 0));
            }

            CudaErrors.Check(CudaDriver.cuGraphLaunch(_graphExec, stream));
            CudaErrors.Check(CudaDriver.cuStreamSynchronize(stream));
            return;
        }

        for (var s = 0; s < Plan.Steps.Count; s++)
        {
            var step = Plan.Steps[s];
            if (step.Kind == DeviceStepKind.Host)
            {
                CudaErrors.Check(CudaDriver.cuStreamSynchronize(stream));
                RunOnHost(step.HostStep!, hostContext, scratch);
                continue;
            }

            Enqueue(s, stream, cublas);
        }

        CudaErrors.Check(CudaDriver.cuStreamSynchronize(stream));
    }

    public void Dispose()
    {
        if (_graphExec != 0)
        {
            CudaDriver.cuGraphExecDestroy(_graphExec);
            CudaDriver.cuGraphDestroy(_graph);
        }

        foreach (var block in _blocks)
        {
            NativeMemory.Free((void*)block);
        }

        if (_host is not null)
        {
            CudaDriver.cuMemFreeHost((nint)_host);
        }

        _pool.Return(_arena);
    }

    private void Enqueue(int index, nint stream, nint cublas)
    {
        var step = Plan.Steps[index];
        switch (step.Kind)
        {
            case DeviceStepKind.Upload:
                CudaErrors.Check(CudaDriver.cuMemcpyHtoDAsync_v2(DeviceAddress(step.Slot), HostAddress(step.Slot), (nuint)CpuPlan.Slots[step.Slot].ByteSize, stream));
                break;
            case DeviceStepKind.Download:
                CudaErrors.Check(CudaDriver.cuMemcpyDtoHAsync_v2(HostAddress(step.Slot), DeviceAddress(step.Slot), (nuint)CpuPlan.Slots[step.Slot].ByteSize, stream));
                break;
            case DeviceStepKind.Gemm:
                RunGemm(step.Gemm!, cublas);
                break;
            case DeviceStepKind.Kernel:
                break;
            default:
                throw new InvalidOperationException($"Step {step} cannot be enqueued.");
        }

        foreach (var launch in _launches[index])
        {
            CudaErrors.Check(CudaDriver.cuLaunchKernel(launch.Function, launch.Grid, 1, 1, launch.Block, 1, 1, launch.SharedBytes, stream, launch.Arguments, null));
        }
    }

    private void RunGemm(GemmSpec gemm, nint cublas)
    {
        var alpha = gemm.Alpha;
        var beta = 0f;
        var opA = gemm.TransA ? Cublas.OperationT : Cublas.OperationN;
        var opB = gemm.TransB ? Cublas.OperationT : Cublas.OperationN;
        if (gemm.BatchCount == 1)
        {
            CudaErrors.CheckCublas(Cublas.cublasSgemm_v2(cublas, opB, opA, gemm.N, gemm.M, gemm.K, &alpha, DeviceAddress(gemm.B), gemm.LeadingB, DeviceAddress(gemm.A), gemm.LeadingA, &beta, DeviceAddress(gemm.Output), gemm.N));
        }
        else
        {
            CudaErrors.CheckCublas(Cublas.cublasSgemmStridedBatched(
                cublas, opB, opA, gemm.N, gemm.M, gemm.K, &alpha, DeviceAddress(gemm.B), gemm.LeadingB, gemm.StrideB, DeviceAddress(gemm.A), gemm.LeadingA, gemm.StrideA, &beta, DeviceAddress(gemm.Output), gemm.N, gemm.StrideOutput, gemm.BatchCount));
        }
    }

    private void RunOnHost(PlanStep step, KernelContext context, byte* scratch)
    {
        context.Begin(step.Inputs.Length, step.Outputs.Length, step.State, scratch, step.ScratchBytes, step.Operator.Node);
        for (var i = 0; i < step.Inputs.Length; i++)
        {
            context.SetInput(i, View(step.Inputs[i]));
        }

        for (var i = 0; i < step.Outputs.Length; i++)
        {
            context.SetOutput(i, View(step.Outputs[i]));
        }

        try
        {
            step.Operator.Execute(context);
        }
        catch (Exception exception) when (exception is not MLOpsException and not OperationCanceledException)
        {
            throw new ValidationException($"{step.Operator.Node.Description} failed on the CPU fallback: {exception.Message}", exception);
        }
    }

    private SlotView View(int slot)
    {
        if (slot < 0)
        {
            return default;
        }

        var info = CpuPlan.Slots[slot];
        return new SlotView { Type = info.Type, Shape = info.Shape, Length = info.Length, Pointer = HostAddress(slot) };
    }

    private Launch Bind(KernelLaunchSpec spec, CudaDevice device)
    {
        var function = device.GetFunction(spec.Entry, spec.Source);
        var (block, parameters) = KernelArgumentBlock.Write(spec.Arguments, DeviceAddress, _constants.Get);
        _blocks.Add(block);
        return new Launch(function, spec.Grid, spec.Block, spec.SharedBytes, (void**)parameters);
    }

    private readonly struct Launch(nint function, uint grid, uint block, uint sharedBytes, void** arguments)
    {
        public nint Function { get; } = function;

        public uint Grid { get; } = grid;

        public uint Block { get; } = block;

        public uint SharedBytes { get; } = sharedBytes;

        public void** Arguments { get; } = arguments;
    }
}
