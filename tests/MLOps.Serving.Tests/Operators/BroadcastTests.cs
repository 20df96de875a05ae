using FsCheck;
using FsCheck.Fluent;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Tests.Operators;

public sealed class BroadcastTests
{
    /// <summary>Two broadcast-compatible shapes: a common shape, each side dropping leading dimensions or setting some to 1.</summary>
    private static readonly Gen<(int[] A, int[] B, int Seed)> ShapePairs =
        from rank in Gen.Choose(0, 4)
        from dims in Gen.Choose(1, 4).ArrayOf(rank)
        from dropA in Gen.Choose(0, rank)
        from dropB in Gen.Choose(0, rank)
        from maskA in Gen.Elements(true, false).ArrayOf(rank)
        from maskB in Gen.Elements(true, false).ArrayOf(rank)
        from seed in Gen.Choose(0, 10_000)
        select (Shape(dims, dropA, maskA), Shape(dims, dropB, maskB), seed);

    [Theory]
    [InlineData("Add")]
    [InlineData("Sub")]
    [InlineData("Mul")]
    [InlineData("Div")]
    [InlineData("Pow")]
    [InlineData("Max")]
    [InlineData("Min")]
    [InlineData("Less")]
    [InlineData("Equal")]
    public void Float_binary_ops_broadcast_like_numpy(string op)
    {
        Prop.ForAll(Arb.From(ShapePairs), s =>
        {
            var a = TestModels.Random(Count(s.A), s.Seed).Select(v => op is "Pow" ? Math.Abs(v) + 0.1f : MathF.Round(v * 4) / 4).ToArray();
            var b = TestModels.Random(Count(s.B), s.Seed + 1).Select(v => op is "Div" or "Pow" ? Math.Abs(v) + 0.5f : MathF.Round(v * 4) / 4).ToArray();
            var comparison = op is "Less" or "Equal";
            var bytes = new OnnxModelBuilder()
                .AddInput("a", TensorElementType.Float32, [.. s.A.Select(d => (TensorDimension)d)])
                .AddInput("b", TensorElementType.Float32, [.. s.B.Select(d => (TensorDimension)d)])
                .AddNode(op, ["a", "b"], ["y"])
                .AddOutput("y")
                .ToBytes();
            using var model = OnnxModel.Load(bytes);
            var result = model.Run(new Dictionary<string, Tensor> { ["a"] = Tensor.Create(a, s.A), ["b"] = Tensor.Create(b, s.B) })["y"];
            var shape = BroadcastShape(s.A, s.B);
            if (!result.Shape.Dimensions.SequenceEqual(shape))
            {
                return false;
            }

            var count = Count(shape);
            for (var i = 0; i < count; i++)
            {
                var x = a[SourceIndex(i, shape, s.A)];
                var y = b[SourceIndex(i, shape, s.B)];
                if (comparison)
                {
                    var expected = op is "Less" ? x < y : x == y;
                    if (((Tensor<bool>)result).Span[i] != expected)
                    {
                        return false;
                    }

                    continue;
                }

                var e = op switch
                {
                    "Add" => x + y,
                    "Sub" => x - y,
                    "Mul" => x * y,
                    "Div" => x / y,
                    "Pow" => MathF.Pow(x, y),
                    "Max" => Math.Max(x, y),
                    _ => Math.Min(x, y),
                };
                if (Math.Abs(((Tensor<float>)result).Span[i] - e) > 1e-5 + (1e-5 * Math.Abs(e)))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Integer_add_and_mul_broadcast_exactly()
    {
        Prop.ForAll(Arb.From(ShapePairs), s =>
        {
            var a = Enumerable.Range(0, Count(s.A)).Select(i => (long)((i * 7919) % 1000) - 500).ToArray();
            var b = Enumerable.Range(0, Count(s.B)).Select(i => (long)((i * 104729) % 300) - 150).ToArray();
            var bytes = new OnnxModelBuilder()
                .AddInput("a", TensorElementType.Int64, [.. s.A.Select(d => (TensorDimension)d)])
                .AddInput("b", TensorElementType.Int64, [.. s.B.Select(d => (TensorDimension)d)])
                .AddNode("Mul", ["a", "b"], ["m"])
                .AddNode("Add", ["m", "a"], ["y"])
                .AddOutput("y")
                .ToBytes();
            using var model = OnnxModel.Load(bytes);
            var y = (Tensor<long>)model.Run(new Dictionary<string, Tensor> { ["a"] = Tensor.Create(a, s.A), ["b"] = Tensor.Create(b, s.B) })["y"];
            var shape = BroadcastShape(s.A, s.B);
            for (var i = 0; i < Count(shape); i++)
            {
                var x = a[SourceIndex(i, shape, s.A)];
                if (y.Span[i] != (x * b[SourceIndex(i, shape, s.B)]) + x)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Incompatible_shapes_fail_naming_the_node_and_both_inputs()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("a", TensorElementType.Float32, 2, 3)
            .AddInput("b", TensorElementType.Float32, 4)
            .AddNode("Add", ["a", "b"], ["y"], name: "sum")
            .AddOutput("y")
            .ToBytes();
        var error = Assert.Throws<ValidationException>(() => OnnxModel.Load(bytes));
        Assert.Contains("'sum'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'a' [2, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("'b' [4]", error.Message, StringComparison.Ordinal);
    }

    private static int[] Shape(int[] dims, int drop, bool[] ones) =>
        [.. dims.Select((d, i) => ones[i] ? 1 : d).Skip(drop)];

    private static int Count(int[] shape) => shape.Aggregate(1, (x, y) => x * y);

    private static int[] BroadcastShape(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            result[i] = Math.Max(da, db);
        }

        return result;
    }

    private static int SourceIndex(int flat, int[] output, int[] source)
    {
        var index = 0;
        var stride = 1;
        var remaining = flat;
        for (var d = output.Length - 1; d >= 0; d--)
        {
            var coordinate = remaining % output[d];
            remaining /= output[d];
            var sd = d - (output.Length - source.Length);
            if (sd >= 0)
            {
                index += (source[sd] == 1 ? 0 : coordinate) * stride;
                stride *= source[sd];
            }
        }

        return index;
    }
}
