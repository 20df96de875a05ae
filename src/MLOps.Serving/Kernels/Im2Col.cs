namespace MLOps.Serving.Kernels;

/// <summary>Unfolds image patches into columns so a convolution becomes one GEMM: [channels · kd · kh · kw, od · oh · ow].</summary>
internal static unsafe class Im2Col
{
    public static void Unfold(float* image, int channels, WindowGeometry g, float* columns)
    {
        var outputSize = g.OutputSize;
        var row = columns;
        for (var c = 0; c < channels; c++)
        {
            var volume = image + ((long)c * g.InputSize);
            for (var kd = 0; kd < g.KernelDepth; kd++)
            {
                for (var kh = 0; kh < g.KernelHeight; kh++)
                {
                    for (var kw = 0; kw < g.KernelWidth; kw++)
                    {
                        for (var od = 0; od < g.OutputDepth; od++)
                        {
                            var id = (od * g.StrideDepth) - g.PadFront + (kd * g.DilationDepth);
                            var slice = row + ((long)od * g.OutputPlane);
                            if ((uint)id >= (uint)g.InputDepth)
                            {
                                new Span<float>(slice, g.OutputPlane).Clear();
                                continue;
                            }

                            UnfoldPlane(volume + ((long)id * g.InputPlane), g, kh, kw, slice);
                        }

                        row += outputSize;
                    }
                }
            }
        }
    }

    private static void UnfoldPlane(float* plane, WindowGeometry g, int kh, int kw, float* target)
    {
        for (var oh = 0; oh < g.OutputHeight; oh++)
        {
            var ih = (oh * g.StrideHeight) - g.PadTop + (kh * g.DilationHeight);
            var line = target + ((long)oh * g.OutputWidth);
            if ((uint)ih >= (uint)g.InputHeight)
            {
                new Span<float>(line, g.OutputWidth).Clear();
                continue;
            }

            var source = plane + ((long)ih * g.InputWidth);
            var iw = (kw * g.DilationWidth) - g.PadLeft;
            if (g.StrideWidth == 1 && iw >= 0 && iw + g.OutputWidth <= g.InputWidth)
            {
                Buffer.MemoryCopy(source + iw, line, g.OutputWidth * sizeof(float), g.OutputWidth * sizeof(float));
                continue;
            }

            for (var ow = 0; ow < g.OutputWidth; ow++, iw += g.StrideWidth)
            {
                line[ow] = (uint)iw < (uint)g.InputWidth ? source[iw] : 0;
            }
        }
    }
}
