using FsCheck;
using FsCheck.Fluent;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Tests.Operators;

public sealed class ConvTests
{
    /// <summary>Conv 3→8 (3×3, pad 1) + BatchNormalization + Relu + MaxPool 2×2 + GlobalAveragePool + Flatten + Gemm 8→4.</summary>
    internal static (byte[] Model, Tensor Input) SmallCnn()
    {
        var model = new OnnxModelBuilder()
            .AddInput("image", TensorElementType.Float32, "N", 3, 10, 10)
            .AddInitializer("w", Tensor.Create(TestModels.Random(8 * 3 * 3 * 3, 1, 0.3f), 8, 3, 3, 3))
            .AddInitializer("b", Tensor.Create(TestModels.Random(8, 2, 0.1f), 8))
            .AddInitializer("scale", Tensor.Create(TestModels.Random(8, 3).Select(v => 1 + (v / 2)).ToArray(), 8))
            .AddInitializer("shift", Tensor.Create(TestModels.Random(8, 4), 8))
            .AddInitializer("mean", Tensor.Create(TestModels.Random(8, 5, 0.2f), 8))
            .AddInitializer("var", Tensor.Create(TestModels.Random(8, 6).Select(v => 1 + (v / 2)).ToArray(), 8))
            .AddInitializer("fc", Tensor.Create(TestModels.Random(8 * 4, 7), 8, 4))
            .AddNode("Conv", ["image", "w", "b"], ["c"], a => a.Set("pads", [1L, 1, 1, 1]))
            .AddNode("BatchNormalization", ["c", "scale", "shift", "mean", "var"], ["n"])
            .AddNode("Relu", ["n"], ["r"])
            .AddNode("MaxPool", ["r"], ["p"], a => a.Set("kernel_shape", [2L, 2]).Set("strides", [2L, 2]))
            .AddNode("GlobalAveragePool", ["p"], ["g"])
            .AddNode("Flatten", ["g"], ["f"])
            .AddNode("Gemm", ["f", "fc"], ["y"])
            .AddOutput("y", TensorElementType.Float32, "N", 4)
            .ToBytes();
        return (model, Tensor.Create(TestModels.Random(2 * 3 * 10 * 10, 8), 2, 3, 10, 10));
    }

    [Fact]
    public void Conv_batchnorm_relu_fusion_gives_the_unfused_result()
    {
        var (bytes, input) = SmallCnn();
        using var optimized = OnnxModel.Load(bytes);
        using var plain = OnnxModel.Load(bytes, new InferenceOptions { Optimize = false });
        Assert.Equal(5, optimized.OptimizedNodeCount);
        var a = (Tensor<float>)optimized.Run(new Dictionary<string, Tensor> { ["image"] = input })["y"];
        var b = (Tensor<float>)plain.Run(new Dictionary<string, Tensor> { ["image"] = input })["y"];
        TestModels.AssertClose(b.Span, a.Span, 1e-4, 1e-5);
    }

    [Fact]
    public void Conv_matches_a_direct_reference_for_any_groups_strides_pads_and_dilations()
    {
        var cases = from groups in Gen.Choose(1, 3)
                    from perGroupIn in Gen.Choose(1, 3)
                    from perGroupOut in Gen.Choose(1, 3)
                    from kernel in Gen.Choose(1, 3)
                    from stride in Gen.Choose(1, 2)
                    from dilation in Gen.Choose(1, 2)
                    from pad in Gen.Choose(0, 2)
                    from size in Gen.Choose(5, 9)
                    from seed in Gen.Choose(0, 1000)
                    select (groups, perGroupIn, perGroupOut, kernel, stride, dilation, pad, size, seed);
        Prop.ForAll(Arb.From(cases), c =>
        {
            var channels = c.groups * c.perGroupIn;
            var filters = c.groups * c.perGroupOut;
            var w = TestModels.Random(filters * c.perGroupIn * c.kernel * c.kernel, c.seed);
            var bias = TestModels.Random(filters, c.seed + 1);
            var x = TestModels.Random(channels * c.size * c.size, c.seed + 2);
            var bytes = new OnnxModelBuilder()
                .AddInput("x", TensorElementType.Float32, 1, channels, c.size, c.size)
                .AddInitializer("w", Tensor.Create(w, filters, c.perGroupIn, c.kernel, c.kernel))
                .AddInitializer("b", Tensor.Create(bias, filters))
                .AddNode("Conv", ["x", "w", "b"], ["y"], a => a
                    .Set("group", (long)c.groups).Set("strides", [(long)c.stride, c.stride])
                    .Set("dilations", [(long)c.dilation, c.dilation]).Set("pads", [(long)c.pad, c.pad, c.pad, c.pad]))
                .AddOutput("y")
                .ToBytes();
            var extent = ((c.kernel - 1) * c.dilation) + 1;
            var outSize = ((c.size + (2 * c.pad) - extent) / c.stride) + 1;
            using var model = OnnxModel.Load(bytes);
            var y = (Tensor<float>)model.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(x, 1, channels, c.size, c.size) })["y"];
            var expected = new float[filters * outSize * outSize];
            for (var f = 0; f < filters; f++)
            {
                var g = f / c.perGroupOut;
                for (var oh = 0; oh < outSize; oh++)
                {
                    for (var ow = 0; ow < outSize; ow++)
                    {
                        double sum = bias[f];
                        for (var ci = 0; ci < c.perGroupIn; ci++)
                        {
                            for (var kh = 0; kh < c.kernel; kh++)
                            {
                                for (var kw = 0; kw < c.kernel; kw++)
                                {
                                    var ih = (oh * c.stride) - c.pad + (kh * c.dilation);
                                    var iw = (ow * c.stride) - c.pad + (kw * c.dilation);
                                    if (ih >= 0 && ih < c.size && iw >= 0 && iw < c.size)
                                    {
                                        sum += x[((((g * c.perGroupIn) + ci) * c.size) + ih) * c.size + iw] * w[((((f * c.perGroupIn) + ci) * c.kernel) + kh) * c.kernel + kw];
                                    }
                                }
                            }
                        }

                        expected[(((f * outSize) + oh) * outSize) + ow] = (float)sum;
                    }
                }
            }

            return y.Shape == new TensorShape(1, filters, outSize, outSize) && Close(expected, y.ToArray());
        }).QuickCheckThrowOnFailure();
    }

    private static bool Close(float[] expected, float[] actual) =>
        expected.Length == actual.Length && expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= 1e-4 + (1e-4 * Math.Abs(p.First)));
}
