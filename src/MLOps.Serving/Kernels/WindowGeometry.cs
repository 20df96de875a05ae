using MLOps.Serving.Graph;

namespace MLOps.Serving.Kernels;

/// <summary>
/// The sliding-window arithmetic Conv and the pools share: kernel, strides, dilations and pads per
/// spatial axis (auto_pad resolved), and the output size. Windows are 3-D (depth, height, width);
/// 1-D and 2-D windows have a depth (and height) of 1.
/// </summary>
internal sealed class WindowGeometry
{
    public int InputDepth { get; private init; } = 1;

    public int KernelDepth { get; private init; } = 1;

    public int StrideDepth { get; private init; } = 1;

    public int DilationDepth { get; private init; } = 1;

    public int PadFront { get; private init; }

    public int PadBack { get; private init; }

    public int OutputDepth { get; private init; } = 1;

    public int InputHeight { get; private init; }

    public int InputWidth { get; private init; }

    public int KernelHeight { get; private init; }

    public int KernelWidth { get; private init; }

    public int StrideHeight { get; private init; }

    public int StrideWidth { get; private init; }

    public int DilationHeight { get; private init; }

    public int DilationWidth { get; private init; }

    public int PadTop { get; private init; }

    public int PadLeft { get; private init; }

    public int PadBottom { get; private init; }

    public int PadRight { get; private init; }

    public int OutputHeight { get; private init; }

    public int OutputWidth { get; private init; }

    public int[] OutputSpatial { get; private init; } = [];

    public static WindowGeometry Create(AttributeSet attributes, int[] spatial, int[] kernel, bool ceilMode, string where)
    {
        var rank = spatial.Length;
        if (rank is < 1 or > 3)
        {
            throw new ValidationException($"{where}: {rank}-D windows are not supported; only 1-D, 2-D and 3-D.");
        }

        var strides = attributes.GetInts("strides") ?? Enumerable.Repeat(1L, rank).ToArray();
        var dilations = attributes.GetInts("dilations") ?? Enumerable.Repeat(1L, rank).ToArray();
        var pads = attributes.GetInts("pads") ?? new long[rank * 2];
        var autoPad = attributes.GetString("auto_pad", "NOTSET");
        if (strides.Length != rank || dilations.Length != rank || pads.Length != rank * 2 || kernel.Length != rank)
        {
            throw new ValidationException($"{where}: kernel_shape, strides, dilations and pads must match the {rank} spatial dimensions.");
        }

        if (strides.Any(s => s < 1) || dilations.Any(d => d < 1) || pads.Any(p => p < 0) || kernel.Any(k => k < 1))
        {
            throw new ValidationException($"{where}: strides, dilations and kernel sizes must be positive and pads non-negative.");
        }

        var begin = new int[rank];
        var end = new int[rank];
        var output = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var extent = ((kernel[i] - 1) * (int)dilations[i]) + 1;
            var stride = (int)strides[i];
            switch (autoPad)
            {
                case "SAME_UPPER":
                case "SAME_LOWER":
                    output[i] = (spatial[i] + stride - 1) / stride;
                    var total = Math.Max(0, ((output[i] - 1) * stride) + extent - spatial[i]);
                    begin[i] = autoPad is "SAME_UPPER" ? total / 2 : total - (total / 2);
                    end[i] = total - begin[i];
                    break;
                case "VALID":
                    output[i] = Math.Max(0, ((spatial[i] - extent) / stride) + 1);
                    break;
                case "NOTSET":
                    begin[i] = (int)pads[i];
                    end[i] = (int)pads[i + rank];
                    var span = spatial[i] + begin[i] + end[i] - extent;
                    output[i] = span < 0 ? 0 : (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
                    if (ceilMode && output[i] > 0 && (long)(output[i] - 1) * stride >= spatial[i] + begin[i])
                    {
                        // The last window would start in the end padding: the spec drops it.
                        output[i]--;
                    }

                    break;
                default:
                    throw new ValidationException($"{where}: auto_pad '{autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID.");
            }

            if (output[i] <= 0)
            {
                throw new ValidationException($"{where}: the window ({kernel[i]} × dilation {dilations[i]}) does not fit spatial size {spatial[i]} with pads {begin[i]} + {end[i]}.");
            }
        }

        // Align to (depth, height, width) from the right.
        int At(int[] values, int axis, int fallback) => axis - (3 - rank) is var i and >= 0 ? values[i] : fallback;
        int AtLong(long[] values, int axis, int fallback) => axis - (3 - rank) is var i and >= 0 ? (int)values[i] : fallback;
        return new WindowGeometry
        {
            InputDepth = At(spatial, 0, 1),
            InputHeight = At(spatial, 1, 1),
            InputWidth = At(spatial, 2, 1),
            KernelDepth = At(kernel, 0, 1),
            KernelHeight = At(kernel, 1, 1),
            KernelWidth = At(kernel, 2, 1),
            StrideDepth = AtLong(strides, 0, 1),
            StrideHeight = AtLong(strides, 1, 1),
            StrideWidth = AtLong(strides, 2, 1),
            DilationDepth = AtLong(dilations, 0, 1),
            DilationHeight = AtLong(dilations, 1, 1),
            DilationWidth = AtLong(dilations, 2, 1),
            PadFront = At(begin, 0, 0),
            PadBack = At(end, 0, 0),
            PadTop = At(begin, 1, 0),
            PadBottom = At(end, 1, 0),
            PadLeft = At(begin, 2, 0),
            PadRight = At(end, 2, 0),
            OutputDepth = At(output, 0, 1),
            OutputHeight = At(output, 1, 1),
            OutputWidth = At(output, 2, 1),
            OutputSpatial = output,
        };
    }

    public int InputSize => InputDepth * InputHeight * InputWidth;

    public int OutputSize => OutputDepth * OutputHeight * OutputWidth;

    public int KernelSize => KernelDepth * KernelHeight * KernelWidth;

    /// <summary>Elements in one input depth slice.</summary>
    public int InputPlane => InputHeight * InputWidth;

    /// <summary>Elements in one output depth slice.</summary>
    public int OutputPlane => OutputHeight * OutputWidth;

    /// <summary>Whether the convolution is a plain 1 × 1 matrix multiply over the input.</summary>
    public bool IsPointwise => KernelSize == 1 && StrideDepth == 1 && StrideHeight == 1 && StrideWidth == 1
        && PadFront == 0 && PadBack == 0 && PadTop == 0 && PadLeft == 0 && PadBottom == 0 && PadRight == 0;
}
