using MLOps.Serving.Execution;
using MLOps.Serving.Graph;

namespace MLOps.Serving.Cuda.Lowering;

/// <summary>One step of a device plan.</summary>
internal sealed class DeviceStep
{
    private DeviceStep(DeviceStepKind kind, Node? node)
    {
        Kind = kind;
        Node = node;
    }

    public DeviceStepKind Kind { get; }

    /// <summary>The node run (null for copies).</summary>
    public Node? Node { get; }

    public IReadOnlyList<KernelLaunchSpec> Kernels { get; private init; } = [];

    public GemmSpec? Gemm { get; private init; }

    /// <summary>The root slot copied, for uploads and downloads.</summary>
    public int Slot { get; private init; } = -1;

    /// <summary>The CPU step run, for host steps.</summary>
    public PlanStep? HostStep { get; private init; }

    public static DeviceStep Launch(Node node, params KernelLaunchSpec[] kernels) => new(DeviceStepKind.Kernel, node) { Kernels = kernels };

    public static DeviceStep Matmul(Node node, GemmSpec gemm, KernelLaunchSpec? epilogue) =>
        new(DeviceStepKind.Gemm, node) { Gemm = gemm, Kernels = epilogue is null ? [] : [epilogue] };

    public static DeviceStep Upload(int slot) => new(DeviceStepKind.Upload, null) { Slot = slot };

    public static DeviceStep Download(int slot) => new(DeviceStepKind.Download, null) { Slot = slot };

    public static DeviceStep Host(PlanStep step) => new(DeviceStepKind.Host, step.Operator.Node) { HostStep = step };

    public override string ToString() => Kind switch
    {
        DeviceStepKind.Upload or DeviceStepKind.Download => Kind + " slot " + Slot.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Kind + " " + Node?.Name,
    };
}
