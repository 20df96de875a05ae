namespace MLOps.Serving.Kernels;

/// <summary>Unfolds image patches into columns so a convolution becomes one GEMM: [channels · kh · kw, oh · ow].</summary>
internal static unsafe class Im2Col
{
    public static void Unfold(float* image, int channels, WindowGeometry g, float* columns)
    {
        var outputSize = g.OutputSize;
        var row = columns;
        for (var c = 0; c < channels; c++)
        {
            var plane = image + ((long)c * g.InputSize);
            for (var kh = 0; kh < g.KernelHeight; kh++)
            {
                for (var kw = 0; kw < g.KernelWidth; kw++)
                {
                    for (var oh = 0; oh < g.OutputHeight; oh++)
                    {
                        var ih = (oh * g.StrideHeight) - g.PadTop + (kh * g.DilationHeight);
                        var target = row + ((long)oh * g.OutputWidth);
                        if ((uint)ih >= (uint)g.InputHeight)
                        {
                            new Span<float>(target, g.OutputWidth).Clear();
                            continue;
                        }

                        var source = plane + ((long)ih * g.InputWidth);
                        var iw = (kw * g.DilationWidth) - g.PadLeft;
                        if (g.StrideWidth == 1 && iw >= 0 && iw + g.OutputWidth <= g.InputWidth)
                        {
                            Buffer.MemoryCopy(source + iw, target, g.OutputWidth * sizeof(float), g.OutputWidth * sizeof(float));
                            continue;
                        }

                        for (var ow = 0; ow < g.OutputWidth; ow++, iw += g.StrideWidth)
                        {
                            target[ow] = (uint)iw < (uint)g.InputWidth ? source[iw] : 0;
                        }
                    }

                    row += outputSize;
                }
            }
        }
    }
}
