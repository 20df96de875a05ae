using System.Runtime.InteropServices;
using MLOps.Serving.Cuda.Lowering;
using MLOps.Serving.Cuda.Runtime;
using MLOps.Serving.Execution;
using MLOps.Serving.Graph;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Cuda.Verification;

/// <summary>
/// Runs a device plan on the CPU the way <c>BoundPlan</c> runs it on a GPU: a separate "device" arena and
/// host mirror (so a missing copy shows up as a wrong result), the same argument blocks, the kernel
/// sources compiled for the host by the caller, and cuBLAS's column-major SGEMM semantics for the GEMM steps.
/// </summary>
internal sealed unsafe class HostPlanEmulator : IDisposable
{
    private readonly DevicePlan _plan;
    private readonly byte* _device;
    private readonly byte* _host;
    private readonly List<nint> _allocations = [];
    private readonly Dictionary<object, nint> _constants = new(ReferenceEqualityComparer.Instance);

    private readonly Func<string, string, nint> _kernels;

    /// <summary>Prepares separate "device" and host memory for the plan.</summary>
    /// <param name="plan">The device plan.</param>
    /// <param name="kernels">Gives, for an entry point and its source, a host function <c>void run(void** parameters)</c> that runs the kernel as one thread.</param>
    public HostPlanEmulator(DevicePlan plan, Func<string, string, nint> kernels)
    {
        _plan = plan;
        _kernels = kernels;
        _device = (byte*)NativeMemory.AllocZeroed((nuint)plan.Layout.TotalBytes);
        _host = (byte*)NativeMemory.AllocZeroed((nuint)plan.Layout.TotalBytes);
    }

    private ExecutionPlan Cpu => _plan.Plan;

    public float[][] Run(IReadOnlyList<float[]> inputs, ParallelRunner runner)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            inputs[i].AsSpan().CopyTo(new Span<float>(Host(Cpu.InputSlots[i]), inputs[i].Length));
        }

        var context = new KernelContext(runner);
        var scratch = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(Cpu.ScratchBytes, 64));
        try
        {
            foreach (var step in _plan.Steps)
            {
                switch (step.Kind)
                {
                    case DeviceStepKind.Upload:
                        Buffer.MemoryCopy(Host(step.Slot), (void*)Device(step.Slot), Cpu.Slots[step.Slot].ByteSize, Cpu.Slots[step.Slot].ByteSize);
                        break;
                    case DeviceStepKind.Download:
                        Buffer.MemoryCopy((void*)Device(step.Slot), Host(step.Slot), Cpu.Slots[step.Slot].ByteSize, Cpu.Slots[step.Slot].ByteSize);
                        break;
                    case DeviceStepKind.Gemm:
                        Gemm(step.Gemm!);
                        break;
                    case DeviceStepKind.Host:
                        RunOnHost(step.HostStep!, context, scratch);
                        break;
                }

                foreach (var kernel in step.Kernels)
                {
                    var function = (delegate* unmanaged<void**, void>)_kernels(kernel.Entry, kernel.Source);
                    var (block, parameters) = KernelArgumentBlock.Write(kernel.Arguments, Device, Constant);
                    try
                    {
                        function((void**)parameters);
                    }
                    finally
                    {
                        NativeMemory.Free((void*)block);
                    }
                }
            }
        }
        finally
        {
            NativeMemory.Free(scratch);
        }

        return [.. Cpu.OutputSlots.Select(slot => new ReadOnlySpan<float>(Host(slot), Cpu.Slots[slot].Length).ToArray())];
    }

    public void Dispose()
    {
        NativeMemory.Free(_device);
        NativeMemory.Free(_host);
        foreach (var allocation in _allocations)
        {
            NativeMemory.Free((void*)allocation);
        }
    }

    /// <summary>cuBLAS <c>sgemm</c> (column-major) called exactly as <c>BoundPlan.RunGemm</c> calls it.</summary>
    private void Gemm(GemmSpec g)
    {
        for (var batch = 0; batch < g.BatchCount; batch++)
        {
            var b = (float*)Device(g.B) + (batch * g.StrideB);
            var a = (float*)Device(g.A) + (batch * g.StrideA);
            var c = (float*)Device(g.Output) + (batch * g.StrideOutput);
            ColumnMajorSgemm(g.TransB, g.TransA, g.N, g.M, g.K, g.Alpha, b, g.LeadingB, a, g.LeadingA, c, g.N);
        }
    }

    private static void ColumnMajorSgemm(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var p = 0; p < k; p++)
                {
                    var x = transA ? a[p + (i * lda)] : a[i + (p * lda)];
                    var y = transB ? b[j + (p * ldb)] : b[p + (j * ldb)];
                    sum += x * y;
                }

                c[i + (j * ldc)] = (float)(alpha * sum);
            }
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

        step.Operator.Execute(context);
    }

    private SlotView View(int slot) => slot < 0 ? default : new SlotView { Type = Cpu.Slots[slot].Type, Shape = Cpu.Slots[slot].Shape, Length = Cpu.Slots[slot].Length, Pointer = Host(slot) };

    private byte* Host(int slot) => _plan.Layout.HostAddress(Cpu, _host, slot);

    private ulong Device(int slot)
    {
        if (slot < 0)
        {
            return 0;
        }

        var root = DeviceLayout.Root(Cpu, slot);
        if (Cpu.Slots[root].Kind != SlotKind.Constant)
        {
            return (ulong)(_device + _plan.Layout.Offsets[root]);
        }

        var data = Cpu.Slots[root].Constant!;
        return (ulong)CopyOnce(data, new ReadOnlySpan<byte>(data.Pointer, data.Bytes!.Length));
    }

    private ulong Constant(float[] values) => (ulong)CopyOnce(values, MemoryMarshal.AsBytes(values.AsSpan()));

    /// <summary>"Uploads" a constant once, to memory of its own, as the executor's constant store does.</summary>
    private nint CopyOnce(object key, ReadOnlySpan<byte> bytes)
    {
        if (!_constants.TryGetValue(key, out var pointer))
        {
            pointer = (nint)NativeMemory.AllocZeroed((nuint)Math.Max(bytes.Length, 8));
            bytes.CopyTo(new Span<byte>((void*)pointer, bytes.Length));
            _allocations.Add(pointer);
            _constants[key] = pointer;
        }

        return pointer;
    }
}
