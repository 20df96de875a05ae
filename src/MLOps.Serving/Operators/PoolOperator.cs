using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>MaxPool (with optional Indices) and AveragePool over 1-D, 2-D and 3-D windows (pads, auto_pad, strides, dilations, ceil_mode, count_include_pad).</summary>
internal sealed class PoolOperator : Operator
{
    private readonly int[] _kernel;
    private readonly bool _ceilMode;
    private readonly bool _countIncludePad;
    private readonly bool _max;
    private readonly bool _columnMajor;

    public PoolOperator(Node node)
        : base(node)
    {
        _kernel = node.Attributes.GetInts("kernel_shape")?.Select(static k => (int)k).ToArray()
            ?? throw Error("attribute 'kernel_shape' is missing.");
        _ceilMode = node.Attributes.GetInt("ceil_mode", 0) != 0;
        _countIncludePad = node.Attributes.GetInt("count_include_pad", 0) != 0;
        _max = node.OpType is "MaxPool";
        _columnMajor = node.Attributes.GetInt("storage_order", 0) != 0;

        if (!_max && node.Attributes.Has("dilations") && node.Attributes.GetInts("dilations")!.Any(d => d != 1))
        {
            throw node.Attributes.Invalid("dilations", "other than 1 are not supported for AveragePool");
        }
    }

    public override void Infer(InferContext context)
    {
        var x = context.InputShape(0);
        if (x.Length < 3)
        {
            throw context.Error($"X '{context.InputName(0)}' {ShapeMath.Format(x)} must be [N, C, spatial…].");
        }

        var geometry = WindowGeometry.Create(Node.Attributes, x[2..], _kernel, _ceilMode, Node.Description);
        var type = context.InputType(0);
        IStepKernel? kernel = null;
        var ok = _max
            ? TypeDispatch.TryNumeric(type, new MaxFactory(geometry, x[0] * x[1], _columnMajor), out kernel)
            : TypeDispatch.TryFloating(type, new AverageFactory(geometry, x[0] * x[1], _countIncludePad), out kernel);
        if (!ok || kernel is null)
        {
            throw context.Error($"{Node.OpType} does not support {DataTypes.Name(type)}.");
        }

        context.SetOutput(0, type, [x[0], x[1], .. geometry.OutputSpatial]);
        if (context.HasOutput(1))
        {
            context.SetOutput(1, DataType.Int64, [x[0], x[1], .. geometry.OutputSpatial]);
        }

        context.State = kernel;
    }

    public override void Execute(KernelContext context) => ((IStepKernel)context.State!).Run(context);

    private sealed unsafe class MaxKernel<T>(WindowGeometry g, int planes, bool columnMajor) : IStepKernel
        where T : unmanaged, INumber<T>
    {
        public void Run(KernelContext context)
        {
            var input = context.InputPointer<T>(0);
            var output = context.OutputPointer<T>(0);
            var indices = context.HasOutput(1) ? context.OutputPointer<long>(1) : null;
            for (var p = 0; p < planes; p++)
            {
                var plane = input + ((long)p * g.InputSize);
                var target = output + ((long)p * g.OutputSize);
                var o = 0;
                for (var od = 0; od < g.OutputDepth; od++)
                {
                    for (var oh = 0; oh < g.OutputHeight; oh++)
                    {
                        for (var ow = 0; ow < g.OutputWidth; ow++, o++)
                        {
                            var best = T.Zero;
                            var found = false;
                            long bestIndex = 0;
                            for (var kd = 0; kd < g.KernelDepth; kd++)
                            {
                                var id = (od * g.StrideDepth) - g.PadFront + (kd * g.DilationDepth);
                                if ((uint)id >= (uint)g.InputDepth)
                                {
                                    continue;
                                }

                                for (var kh = 0; kh < g.KernelHeight; kh++)
                                {
                                    var ih = (oh * g.StrideHeight) - g.PadTop + (kh * g.DilationHeight);
                                    if ((uint)ih >= (uint)g.InputHeight)
                                    {
                                        continue;
                                    }

                                    for (var kw = 0; kw < g.KernelWidth; kw++)
                                    {
                                        var iw = (ow * g.StrideWidth) - g.PadLeft + (kw * g.DilationWidth);
                                        if ((uint)iw >= (uint)g.InputWidth)
                                        {
                                            continue;
                                        }

                                        var v = plane[((long)id * g.InputPlane) + ((long)ih * g.InputWidth) + iw];
                                        if (!found || v > best || T.IsNaN(v))
                                        {
                                            best = v;
                                            found = true;
                                            var within = columnMajor ? ((long)iw * g.InputHeight) + ih : ((long)ih * g.InputWidth) + iw;
                                            bestIndex = ((long)p * g.InputSize) + ((long)id * g.InputPlane) + within;
                                        }
                                    }
                                }
                            }

                            target[o] = best;
                            if (indices != null)
                            {
                                indices[((long)p * g.OutputSize) + o] = bestIndex;
                            }
                        }
                    }
                }
            }
        }
    }

    private sealed unsafe class AverageKernel<T>(WindowGeometry g, int planes, bool includePad) : IStepKernel
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(KernelContext context)
        {
            var input = context.InputPointer<T>(0);
            var output = context.OutputPointer<T>(0);
            for (var p = 0; p < planes; p++)
            {
                var plane = input + ((long)p * g.InputSize);
                var target = output + ((long)p * g.OutputSize);
                var o = 0;
                for (var od = 0; od < g.OutputDepth; od++)
                {
                    var d0 = (od * g.StrideDepth) - g.PadFront;
                    var d1 = Math.Min(d0 + g.KernelDepth, g.InputDepth + g.PadBack);
                    for (var oh = 0; oh < g.OutputHeight; oh++)
                    {
                        var h0 = (oh * g.StrideHeight) - g.PadTop;
                        var h1 = Math.Min(h0 + g.KernelHeight, g.InputHeight + g.PadBottom);
                        for (var ow = 0; ow < g.OutputWidth; ow++, o++)
                        {
                            var w0 = (ow * g.StrideWidth) - g.PadLeft;
                            var w1 = Math.Min(w0 + g.KernelWidth, g.InputWidth + g.PadRight);
                            var padded = (d1 - d0) * (h1 - h0) * (w1 - w0);
                            var sum = T.Zero;
                            var count = 0;
                            for (var id = Math.Max(d0, 0); id < Math.Min(d1, g.InputDepth); id++)
                            {
                                for (var ih = Math.Max(h0, 0); ih < Math.Min(h1, g.InputHeight); ih++)
                                {
                                    for (var iw = Math.Max(w0, 0); iw < Math.Min(w1, g.InputWidth); iw++)
                                    {
                                        sum += plane[((long)id * g.InputPlane) + ((long)ih * g.InputWidth) + iw];
                                        count++;
                                    }
                                }
                            }

                            target[o] = sum / T.CreateTruncating(includePad ? padded : Math.Max(count, 1));
                        }
                    }
                }
            }
        }
    }

    private readonly struct MaxFactory(WindowGeometry geometry, int planes, bool columnMajor) : INumericAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, INumber<T> => new MaxKernel<T>(geometry, planes, columnMajor);
    }

    private readonly struct AverageFactory(WindowGeometry geometry, int planes, bool includePad) : IFloatingAction<IStepKernel?>
    {
        public IStepKernel? Invoke<T>()
            where T : unmanaged, IFloatingPointIeee754<T> => new AverageKernel<T>(geometry, planes, includePad);
    }
}
