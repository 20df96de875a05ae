using MLOps.Serving.Execution;

namespace MLOps.Serving.Cuda.Lowering;

/// <summary>A CPU execution plan (one set of input shapes) lowered to device steps, with explicit copies around CPU fallback nodes.</summary>
internal sealed class DevicePlan
{
    public DevicePlan(ExecutionPlan plan, DeviceLayout layout, IReadOnlyList<DeviceStep> steps, IReadOnlyList<FallbackNode> fallbacks, int loweredNodes)
    {
        Plan = plan;
        Layout = layout;
        Steps = steps;
        Fallbacks = fallbacks;
        LoweredNodes = loweredNodes;
    }

    /// <summary>The CPU plan lowered: slots, shapes and the memory plan.</summary>
    public ExecutionPlan Plan { get; }

    public DeviceLayout Layout { get; }

    public IReadOnlyList<DeviceStep> Steps { get; }

    /// <summary>The nodes that run on the CPU, with reasons.</summary>
    public IReadOnlyList<FallbackNode> Fallbacks { get; }

    /// <summary>How many nodes run on the GPU.</summary>
    public int LoweredNodes { get; }

    /// <summary>Whether any step runs on the CPU (such plans are never captured into a CUDA graph).</summary>
    public bool HasHostSteps => Steps.Any(static s => s.Kind == DeviceStepKind.Host);

    /// <summary>Host↔device copies in the plan.</summary>
    public int CopyCount => Steps.Count(static s => s.Kind is DeviceStepKind.Upload or DeviceStepKind.Download);
}
