using System.Numerics.Tensors;

namespace MLOps.Serving.Kernels;

/// <summary>
/// An activation folded into the operator before it (Gemm, MatMul, Conv) by the optimizer. Relu is
/// applied by the GEMM epilogue as tiles are stored; the others run over the output afterwards,
/// while it is still in cache.
/// </summary>
internal sealed class FusedActivation
{
    private readonly FloatingUnaryKernel<float>? _unary;
    private readonly float _min;
    private readonly float _max;

    private FusedActivation(string name, FloatingUnaryKernel<float>? unary, float min, float max)
    {
        Name = name;
        _unary = unary;
        _min = min;
        _max = max;
    }

    public string Name { get; }

    public GemmActivation Epilogue => Name is "Relu" ? GemmActivation.Relu : GemmActivation.None;

    public static FusedActivation Relu { get; } = new("Relu", null, 0, 0);

    public static FusedActivation Unary(UnaryFunction function) => new(function.Name, new FloatingUnaryKernel<float>(function), 0, 0);

    public static FusedActivation Clip(float min, float max) => new("Clip", null, min, max);

    /// <summary>Applies what the epilogue did not.</summary>
    public void ApplyAfter(Span<float> output)
    {
        if (_unary is not null)
        {
            _unary.Apply(output, output);
        }
        else if (Name is "Clip")
        {
            TensorPrimitives.Max(output, _min, output);
            TensorPrimitives.Min(output, _max, output);
        }
    }
}
