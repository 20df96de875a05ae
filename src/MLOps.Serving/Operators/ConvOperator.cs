using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>
/// Conv over 1-D, 2-D and 3-D float inputs (groups, pads, auto_pad, strides, dilations): per image and
/// group, im2col then one SGEMM with the weights, the bias and any fused activation in the epilogue.
/// The optimizer folds a following BatchNormalization into the weights and bias.
/// </summary>
internal sealed unsafe class ConvOperator : Operator
{
    private readonly long _group;

    public ConvOperator(Node node)
        : base(node)
    {
        _group = node.Attributes.GetInt("group", 1);
        if (_group < 1)
        {
            throw node.Attributes.Invalid("group", "must be at least 1");
        }
    }

    /// <summary>Weights replaced by the optimizer (BatchNormalization folded in).</summary>
    public TensorData? FoldedWeights { get; set; }

    /// <summary>Bias replaced by the optimizer.</summary>
    public float[]? FoldedBias { get; set; }

    /// <summary>An activation fused by the optimizer.</summary>
    public FusedActivation? Activation { get; set; }

    public override void Prepare()
    {
        if (FoldedBias is not null)
        {
            var pinned = GC.AllocateArray<float>(FoldedBias.Length, pinned: true);
            FoldedBias.CopyTo(pinned, 0);
            FoldedBias = pinned;
        }
    }

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, DataType.Float);
        if (FoldedWeights is null)
        {
            context.ExpectSameType(0, 1);
        }

        var x = context.InputShape(0);
        var w = FoldedWeights?.Shape ?? context.InputShape(1);
        if (x.Length < 3 || w.Length != x.Length)
        {
            throw context.Error($"X '{context.InputName(0)}' {ShapeMath.Format(x)} and W {ShapeMath.Format(w)} must both be [N, C, spatial…] and [M, C/group, kernel…].");
        }

        var group = (int)_group;
        var channels = x[1];
        var filters = w[0];
        if (channels % group != 0 || filters % group != 0 || w[1] != channels / group)
        {
            throw context.Error($"X {ShapeMath.Format(x)} has {channels} channels and W {ShapeMath.Format(w)} expects {w[1]} per group with group = {group}.");
        }

        var kernel = Node.Attributes.GetInts("kernel_shape")?.Select(static k => (int)k).ToArray() ?? w[2..];
        if (!kernel.AsSpan().SequenceEqual(w.AsSpan(2)))
        {
            throw context.Error($"kernel_shape [{string.Join(", ", kernel)}] differs from W's spatial shape {ShapeMath.Format(w[2..])}.");
        }

        if (context.HasInput(2) && FoldedBias is null && ShapeMath.ElementCount(context.InputShape(2)) != filters)
        {
            throw context.Error($"bias '{context.InputName(2)}' {ShapeMath.Format(context.InputShape(2))} must have {filters} elements.");
        }

        var geometry = WindowGeometry.Create(Node.Attributes, x[2..], kernel, ceilMode: false, Node.Description);
        var depth = (w[1] * geometry.KernelSize);
        var columns = geometry.IsPointwise ? 0 : (long)depth * geometry.OutputSize;
        context.RequestScratch((columns + Sgemm.PackedSize(depth, geometry.OutputSize) + 16) * sizeof(float));
        context.SetOutput(0, DataType.Float, [x[0], filters, .. geometry.OutputSpatial]);
        context.State = new ConvPlan(geometry, x[0], channels, filters, group, depth);
    }

    public override void Execute(KernelContext context)
    {
        var plan = (ConvPlan)context.State!;
        var g = plan.Geometry;
        var input = context.InputPointer<float>(0);
        var weights = FoldedWeights is { } folded ? (float*)folded.Pointer : context.InputPointer<float>(1);
        float* bias = null;
        if (FoldedBias is not null)
        {
            bias = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(FoldedBias));
        }
        else if (context.HasInput(2))
        {
            bias = context.InputPointer<float>(2);
        }

        var output = context.OutputPointer<float>(0);
        var channelsPerGroup = plan.Channels / plan.Group;
        var filtersPerGroup = plan.Filters / plan.Group;
        var columns = (float*)context.Scratch;
        var packed = g.IsPointwise ? columns : columns + ((long)plan.Depth * g.OutputSize);
        for (var n = 0; n < plan.Batch; n++)
        {
            for (var group = 0; group < plan.Group; group++)
            {
                var image = input + ((((long)n * plan.Channels) + (group * channelsPerGroup)) * g.InputSize);
                var source = image;
                if (!g.IsPointwise)
                {
                    Im2Col.Unfold(image, channelsPerGroup, g, columns);
                    source = columns;
                }

                Sgemm.PackB(source, g.OutputSize, transB: false, plan.Depth, g.OutputSize, packed, context.Parallel);
                var args = new GemmArguments
                {
                    M = filtersPerGroup,
                    N = g.OutputSize,
                    K = plan.Depth,
                    A = weights + ((long)group * filtersPerGroup * plan.Depth),
                    Lda = plan.Depth,
                    PackedB = packed,
                    C = output + ((((long)n * plan.Filters) + (group * filtersPerGroup)) * g.OutputSize),
                    Ldc = g.OutputSize,
                    Alpha = 1,
                    RowBias = bias == null ? null : bias + (group * filtersPerGroup),
                    Activation = Activation?.Epilogue ?? GemmActivation.None,
                };
                Sgemm.Multiply(ref args, context.Parallel);
            }
        }

        Activation?.ApplyAfter(context.Output<float>(0));
    }

    private sealed record ConvPlan(WindowGeometry Geometry, int Batch, int Channels, int Filters, int Group, int Depth);
}
