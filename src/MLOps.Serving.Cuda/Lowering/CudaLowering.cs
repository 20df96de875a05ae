using MLOps.Serving.Execution;
using MLOps.Serving.Graph;

namespace MLOps.Serving.Cuda.Lowering;

/// <summary>
/// Lowers a CPU execution plan (concrete shapes, liveness-planned slots) to device steps: each node
/// either becomes kernel launches / a cuBLAS GEMM, or stays on the CPU with explicit copies of exactly
/// the slots whose current copy lives on the other side. Views (Reshape, Flatten, Squeeze, Unsqueeze,
/// Identity as planned by the engine) cost nothing: they share their root's buffer.
/// </summary>
internal static class CudaLowering
{
    /// <summary>The ONNX operators the GPU runs (float32), in the documentation's order.</summary>
    public static IReadOnlyList<string> CoveredOps { get; } =
    [
        "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "Sigmoid", "Tanh", "Gelu", "Erf", "Exp", "Log", "Sqrt", "Neg", "Abs",
        "Clip", "LeakyRelu", "Softmax", "LayerNormalization", "BatchNormalization", "ReduceMean", "ReduceSum", "ReduceMax",
        "Gather", "Concat", "Transpose", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity",
    ];

    /// <summary>Lowers a plan.</summary>
    /// <param name="plan">The CPU plan for one set of input shapes.</param>
    /// <param name="allowCpuFallback">Whether uncovered nodes may run on the CPU.</param>
    /// <returns>The device plan.</returns>
    /// <exception cref="ValidationException">A node is not covered and fallback is off; the message names the node, its op and why.</exception>
    public static DevicePlan Lower(ExecutionPlan plan, bool allowCpuFallback)
    {
        var layout = DeviceLayout.Create(plan);
        var onHost = new bool[plan.Slots.Length];
        var onDevice = new bool[plan.Slots.Length];
        for (var i = 0; i < plan.Slots.Length; i++)
        {
            onHost[i] = plan.Slots[i].Kind is SlotKind.GraphInput or SlotKind.Constant;
            onDevice[i] = plan.Slots[i].Kind is SlotKind.Constant;
        }

        var steps = new List<DeviceStep>();
        var fallbacks = new List<FallbackNode>();
        var lowered = 0;
        foreach (var step in plan.Steps)
        {
            if (step.Outputs.All(o => o < 0 || plan.Slots[o].Kind == SlotKind.View))
            {
                lowered++;
                continue;
            }

            var device = TryLower(plan, step, out var reason);
            if (device is not null)
            {
                foreach (var root in Roots(plan, step.Inputs))
                {
                    if (!onDevice[root])
                    {
                        steps.Add(DeviceStep.Upload(root));
                        onDevice[root] = true;
                    }
                }

                steps.Add(device);
                foreach (var root in Roots(plan, step.Outputs))
                {
                    onDevice[root] = true;
                    onHost[root] = false;
                }

                lowered++;
                continue;
            }

            var node = step.Operator.Node;
            if (!allowCpuFallback)
            {
                throw new ValidationException($"{node.Description} cannot run on CUDA: {reason}. Set CudaOptions.AllowCpuFallback to run it on the CPU.");
            }

            fallbacks.Add(new FallbackNode(node.Name, node.OpType, reason));
            foreach (var root in Roots(plan, step.Inputs))
            {
                if (!onHost[root])
                {
                    steps.Add(DeviceStep.Download(root));
                    onHost[root] = true;
                }
            }

            steps.Add(DeviceStep.Host(step));
            foreach (var root in Roots(plan, step.Outputs))
            {
                onHost[root] = true;
                onDevice[root] = false;
            }
        }

        foreach (var root in Roots(plan, plan.OutputSlots))
        {
            if (!onHost[root])
            {
                steps.Add(DeviceStep.Download(root));
                onHost[root] = true;
            }
        }

        return new DevicePlan(plan, layout, steps, fallbacks, lowered);
    }

    /// <summary>Lowers one step, or returns null with the reason it stays on the CPU.</summary>
    public static DeviceStep? TryLower(ExecutionPlan plan, PlanStep step, out string reason)
    {
        var node = step.Operator.Node;
        reason = string.Empty;
        if (node.Domain.Length != 0)
        {
            reason = $"operators of domain '{node.Domain}' have no CUDA kernels";
            return null;
        }

        foreach (var output in step.Outputs)
        {
            if (output >= 0 && plan.Slots[output].Type != DataType.Float)
            {
                reason = $"output '{plan.Slots[output].Name}' is {DataTypes.Name(plan.Slots[output].Type)}; the CUDA kernels are float32";
                return null;
            }

            if (output >= 0 && plan.Slots[output].Shape.Length > Kernels.CudaKernelSources.MaxRank)
            {
                reason = $"output '{plan.Slots[output].Name}' has rank {plan.Slots[output].Shape.Length}; the CUDA kernels handle rank {Kernels.CudaKernelSources.MaxRank} at most";
                return null;
            }
        }

        var lowering = new StepLowering(plan, step);
        try
        {
            return lowering.Lower(out reason);
        }
        catch (NotSupportedException exception)
        {
            reason = exception.Message;
            return null;
        }
    }

    private static IEnumerable<int> Roots(ExecutionPlan plan, int[] slots) =>
        slots.Where(s => s >= 0).Select(s => DeviceLayout.Root(plan, s)).Where(r => plan.Slots[r].Kind != SlotKind.Constant).Distinct();
}
