using MLOps.Serving.Graph;

namespace MLOps.Serving.Kernels;

/// <summary>
/// The sliding-window arithmetic Conv and the pools share: kernel, strides, dilations and pads per
/// spatial axis (auto_pad resolved), and the output size. 1-D windows are handled as 2-D with a
/// height of 1.
/// </summary>
internal sealed class WindowGeometry
{
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
        if (rank is < 1 or > 2)
        {
            throw new ValidationException($"{where}: {rank}-D windows are not supported; only 1-D and 2-D.");
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

        var twoD = rank == 2;
        return new WindowGeometry
        {
            InputHeight = twoD ? spatial[0] : 1,
            InputWidth = spatial[rank - 1],
            KernelHeight = twoD ? kernel[0] : 1,
            KernelWidth = kernel[rank - 1],
            StrideHeight = twoD ? (int)strides[0] : 1,
            StrideWidth = (int)strides[rank - 1],
            DilationHeight = twoD ? (int)dilations[0] : 1,
            DilationWidth = (int)dilations[rank - 1],
            PadTop = twoD ? begin[0] : 0,
            PadBottom = twoD ? end[0] : 0,
            PadLeft = begin[rank - 1],
            PadRight = end[rank - 1],
            OutputHeight = twoD ? output[0] : 1,
            OutputWidth = output[rank - 1],
            OutputSpatial = output,
        };
    }

    public int InputSize => InputHeight * InputWidth;

    public int OutputSize => OutputHeight * OutputWidth;

    public int KernelSize => KernelHeight * KernelWidth;

    /// <summary>Whether the convolution is a plain 1 × 1 matrix multiply over the input.</summary>
    public bool IsPointwise => KernelSize == 1 && StrideHeight == 1 && StrideWidth == 1 && PadTop == 0 && PadLeft == 0 && PadBottom == 0 && PadRight == 0;
}
