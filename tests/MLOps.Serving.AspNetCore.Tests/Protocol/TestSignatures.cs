using System.Collections.Concurrent;
using MLOps.Serving;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Tests.Protocol;

/// <summary>Signatures of real ONNX models built with <see cref="OnnxModelBuilder"/> and loaded by the engine.</summary>
internal static class TestSignatures
{
    private static readonly ConcurrentDictionary<(TensorElementType, int), ModelSignature> Symbolic = new();

    /// <summary>An Identity model: input <c>x</c> to output <c>y</c>, both of the given type and dimensions.</summary>
    public static ModelSignature Identity(TensorElementType type, params TensorDimension[] dimensions) =>
        Load(new OnnxModelBuilder()
            .AddInput("x", type, dimensions)
            .AddNode("Identity", ["x"], ["y"])
            .AddOutput("y", type, dimensions));

    /// <summary>An Identity model whose every dimension is symbolic, so any shape of that rank fits.</summary>
    public static ModelSignature AnyShape(TensorElementType type, int rank) =>
        Symbolic.GetOrAdd((type, rank), key => Identity(key.Item1, [.. Enumerable.Range(0, key.Item2).Select(d => TensorDimension.FromSymbol($"d{d}"))]));

    /// <summary>Inputs <c>a</c> (FP32 [N, 2]) and <c>b</c> (INT64 [N]); outputs <c>a_out</c>, <c>b_out</c>, <c>c_out</c> (BYTES [N]).</summary>
    public static ModelSignature ThreeOutputs() =>
        Load(new OnnxModelBuilder()
            .AddInput("a", TensorElementType.Float32, "N", 2)
            .AddInput("b", TensorElementType.Int64, "N")
            .AddInput("c", TensorElementType.String, "N")
            .AddNode("Identity", ["a"], ["a_out"])
            .AddNode("Identity", ["b"], ["b_out"])
            .AddNode("Identity", ["c"], ["c_out"])
            .AddOutput("a_out", TensorElementType.Float32, "N", 2)
            .AddOutput("b_out", TensorElementType.Int64, "N")
            .AddOutput("c_out", TensorElementType.String, "N"));

    private static ModelSignature Load(OnnxModelBuilder builder)
    {
        using var model = OnnxModel.Load(builder.ToBytes());
        return model.Signature;
    }
}
