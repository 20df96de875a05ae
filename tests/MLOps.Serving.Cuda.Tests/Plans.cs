using MLOps.Serving.Cuda.Lowering;
using MLOps.Serving.Execution;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Cuda.Tests;

/// <summary>Builds small models and their CPU plans, the input the lowering works on.</summary>
internal static class Plans
{
    public static (OnnxModel Model, ExecutionPlan Plan) Build(byte[] bytes, params int[][] inputShapes)
    {
        var model = OnnxModel.Load(bytes);
        var key = new List<int>();
        foreach (var shape in inputShapes)
        {
            key.Add(shape.Length);
            key.AddRange(shape);
        }

        var plan = model.Executor.GetPlan(key.ToArray()) ?? throw new InvalidOperationException("no static plan");
        return (model, plan);
    }

    public static DevicePlan Lower(byte[] bytes, params int[][] inputShapes)
    {
        var (model, plan) = Build(bytes, inputShapes);
        using (model)
        {
            return CudaLowering.Lower(plan, allowCpuFallback: true);
        }
    }

    /// <summary>A chain of unary ops over input x [N, width].</summary>
    public static byte[] Chain(int width, params string[] ops)
    {
        var builder = new OnnxModelBuilder().AddInput("x", TensorElementType.Float32, "N", width);
        var current = "x";
        for (var i = 0; i < ops.Length; i++)
        {
            var next = i == ops.Length - 1 ? "y" : "t" + i;
            builder.AddNode(ops[i], [current], [next], name: $"n{i}_{ops[i]}");
            current = next;
        }

        return builder.AddOutput("y", TensorElementType.Float32, "N", width).ToBytes();
    }

    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale)];
    }
}
