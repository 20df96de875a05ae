using MLOps.Serving.Cuda.Lowering;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Cuda.Verification;

/// <summary>One small model per covered op with its input shapes: the lowering tests and the GPU check console use the same recipes.</summary>
internal static class CoveredOpModels
{
    public static IReadOnlyList<string> Names => CudaLowering.CoveredOps;

    /// <summary>Seeded uniform values in [-scale, scale).</summary>
    public static float[] RandomValues(int count, int seed, float scale = 1f)
    {
#pragma warning disable CA5394 // Test data, not security.
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale)];
#pragma warning restore CA5394
    }

    public static (byte[] Model, int[][] Shapes) Create(string op)
    {
        var b = new OnnxModelBuilder().ImportOpset(string.Empty, 18);
        var f = TensorElementType.Float32;
        switch (op)
        {
            case "Gemm":
                b.AddInput("x", f, "N", 6).AddInitializer("w", Tensor.Create(RandomValues(24, 1), 6, 4)).AddInitializer("c", Tensor.Create(RandomValues(4, 2), 4))
                    .AddNode("Gemm", ["x", "w", "c"], ["y"], a => a.Set("alpha", 0.7f).Set("beta", 1.3f)).AddOutput("y", f, "N", 4);
                return (b.ToBytes(), [[5, 6]]);
            case "MatMul":
                b.AddInput("x", f, "N", 3, 6).AddInput("w", f, "N", 6, 2).AddNode("MatMul", ["x", "w"], ["y"]).AddOutput("y", f, "N", 3, 2);
                return (b.ToBytes(), [[4, 3, 6], [4, 6, 2]]);
            case "Add" or "Sub" or "Mul" or "Div":
                b.AddInput("a", f, "N", 3, 4).AddInput("b", f, 3, 1).AddNode(op, ["a", "b"], ["y"]).AddOutput("y", f, "N", 3, 4);
                return (b.ToBytes(), [[2, 3, 4], [3, 1]]);
            case "Clip":
                b.AddInitializer("lo", Tensor.Create(new[] { -0.3f })).AddInitializer("hi", Tensor.Create(new[] { 0.4f }));
                b.AddInput("x", f, "N", 5).AddNode("Clip", ["x", "lo", "hi"], ["y"]).AddOutput("y", f, "N", 5);
                return (b.ToBytes(), [[3, 5]]);
            case "LeakyRelu":
                b.AddInput("x", f, "N", 5).AddNode(op, ["x"], ["y"], a => a.Set("alpha", 0.2f)).AddOutput("y", f, "N", 5);
                return (b.ToBytes(), [[3, 5]]);
            case "Gelu":
                b.ImportOpset(string.Empty, 20);
                b.AddInput("x", f, "N", 5).AddNode(op, ["x"], ["y"]).AddOutput("y", f, "N", 5);
                return (b.ToBytes(), [[3, 5]]);
            case "Softmax":
                b.AddInput("x", f, "N", 4, 7).AddNode(op, ["x"], ["y"], a => a.Set("axis", 1L)).AddOutput("y", f, "N", 4, 7);
                return (b.ToBytes(), [[2, 4, 7]]);
            case "LayerNormalization":
                b.AddInput("x", f, "N", 3, 8).AddInitializer("s", Tensor.Create(RandomValues(8, 3), 8)).AddInitializer("bias", Tensor.Create(RandomValues(8, 4), 8))
                    .AddNode(op, ["x", "s", "bias"], ["y"], a => a.Set("axis", -1L).Set("epsilon", 1e-5f)).AddOutput("y", f, "N", 3, 8);
                return (b.ToBytes(), [[2, 3, 8]]);
            case "BatchNormalization":
                b.AddInput("x", f, "N", 3, 4, 4)
                    .AddInitializer("s", Tensor.Create(RandomValues(3, 5), 3)).AddInitializer("bias", Tensor.Create(RandomValues(3, 6), 3))
                    .AddInitializer("m", Tensor.Create(RandomValues(3, 7), 3)).AddInitializer("v", Tensor.Create(new[] { 0.5f, 1.5f, 2f }, 3))
                    .AddNode(op, ["x", "s", "bias", "m", "v"], ["y"]).AddOutput("y", f, "N", 3, 4, 4);
                return (b.ToBytes(), [[2, 3, 4, 4]]);
            case "ReduceMean" or "ReduceSum" or "ReduceMax":
                b.AddInitializer("axes", Tensor.Create(new long[] { 1, 3 }, 2));
                b.AddInput("x", f, "N", 3, 4, 5).AddNode(op, ["x", "axes"], ["y"], a => a.Set("keepdims", 0L)).AddOutput("y", f, "N", 4);
                return (b.ToBytes(), [[2, 3, 4, 5]]);
            case "Gather":
                b.AddInitializer("i", Tensor.Create(new long[] { 2, 0, -1, 1 }, 4));
                b.AddInput("x", f, "N", 5, 3).AddNode(op, ["x", "i"], ["y"], a => a.Set("axis", 1L)).AddOutput("y", f, "N", 4, 3);
                return (b.ToBytes(), [[2, 5, 3]]);
            case "Concat":
                b.AddInput("a", f, "N", 2, 3).AddInput("b", f, "N", 4, 3).AddNode(op, ["a", "b"], ["y"], a => a.Set("axis", 1L)).AddOutput("y", f, "N", 6, 3);
                return (b.ToBytes(), [[2, 2, 3], [2, 4, 3]]);
            case "Transpose":
                b.AddInput("x", f, "N", 3, 4).AddNode(op, ["x"], ["y"], a => a.Set("perm", new long[] { 2, 0, 1 })).AddOutput("y", f, 4, "N", 3);
                return (b.ToBytes(), [[2, 3, 4]]);
            case "Reshape":
                b.AddInitializer("shape", Tensor.Create(new long[] { 0, 12 }, 2));
                b.AddInput("x", f, "N", 3, 4).AddNode("Relu", ["x"], ["r"]).AddNode(op, ["r", "shape"], ["t"]).AddNode("Neg", ["t"], ["y"]).AddOutput("y", f, "N", 12);
                return (b.ToBytes(), [[2, 3, 4]]);
            case "Flatten":
                b.AddInput("x", f, "N", 3, 4).AddNode("Relu", ["x"], ["r"]).AddNode(op, ["r"], ["t"], a => a.Set("axis", 1L)).AddNode("Neg", ["t"], ["y"]).AddOutput("y", f, "N", 12);
                return (b.ToBytes(), [[2, 3, 4]]);
            case "Squeeze":
                b.AddInitializer("axes", Tensor.Create(new long[] { 1 }, 1));
                b.AddInput("x", f, "N", 1, 4).AddNode("Relu", ["x"], ["r"]).AddNode(op, ["r", "axes"], ["t"]).AddNode("Neg", ["t"], ["y"]).AddOutput("y", f, "N", 4);
                return (b.ToBytes(), [[2, 1, 4]]);
            case "Unsqueeze":
                b.AddInitializer("axes", Tensor.Create(new long[] { 1 }, 1));
                b.AddInput("x", f, "N", 4).AddNode("Relu", ["x"], ["r"]).AddNode(op, ["r", "axes"], ["t"]).AddNode("Neg", ["t"], ["y"]).AddOutput("y", f, "N", 1, 4);
                return (b.ToBytes(), [[2, 4]]);
            case "Identity":
                b.AddInput("x", f, "N", 4).AddNode("Relu", ["x"], ["r"]).AddNode(op, ["r"], ["t"]).AddNode("Neg", ["t"], ["y"]).AddOutput("y", f, "N", 4);
                return (b.ToBytes(), [[2, 4]]);
            default:
                b.AddInput("x", f, "N", 5).AddNode(op, ["x"], ["y"]).AddOutput("y", f, "N", 5);
                return (b.ToBytes(), [[3, 5]]);
        }
    }
}
