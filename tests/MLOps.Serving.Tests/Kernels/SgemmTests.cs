using FsCheck;
using FsCheck.Fluent;
using MLOps.Serving.Execution;
using MLOps.Serving.Kernels;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Tests.Kernels;

[Collection(nameof(SgemmTests))]
[CollectionDefinition(nameof(SgemmTests), DisableParallelization = true)]
public sealed class SgemmTests
{
    private static readonly Gen<(int M, int N, int K, bool TransA, bool TransB, int Seed)> Shapes =
        from m in Gen.Choose(1, 70)
        from n in Gen.Choose(1, 90)
        from k in Gen.Choose(0, 300)
        from transA in Gen.Elements(false, true)
        from transB in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 10_000)
        select (m, n, k, transA, transB, seed);

    public static TheoryData<int> Isas()
    {
        var data = new TheoryData<int> { (int)SgemmIsa.Scalar };
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            data.Add((int)SgemmIsa.Vector256);
        }

        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            data.Add((int)SgemmIsa.Vector512);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void Sgemm_matches_a_naive_reference_for_any_shape_transpose_bias_and_activation(int isa)
    {
        var original = Sgemm.Isa;
        using var runner = new ParallelRunner(2);
        try
        {
            Sgemm.Isa = (SgemmIsa)isa;
            Prop.ForAll(Arb.From(Shapes), s =>
            {
                var a = TestModels.Random(s.M * s.K, s.Seed);
                var b = TestModels.Random(s.K * s.N, s.Seed + 1);
                var c = TestModels.Random(s.M * s.N, s.Seed + 2);
                var bias = TestModels.Random(s.N, s.Seed + 3);
                var relu = s.Seed % 2 == 0;
                var expected = new float[s.M * s.N];
                for (var i = 0; i < s.M; i++)
                {
                    for (var j = 0; j < s.N; j++)
                    {
                        double sum = 0;
                        for (var p = 0; p < s.K; p++)
                        {
                            sum += a[s.TransA ? (p * s.M) + i : (i * s.K) + p] * b[s.TransB ? (j * s.K) + p : (p * s.N) + j];
                        }

                        var v = (0.5 * sum) + c[(i * s.N) + j] + bias[j];
                        expected[(i * s.N) + j] = (float)(relu ? Math.Max(v, 0) : v);
                    }
                }

                var packed = new float[Sgemm.PackedSize(s.K, s.N)];
                var actual = (float[])c.Clone();
                Sgemm.Multiply(a, s.TransA, b, s.TransB, packed, false, actual, s.M, s.N, s.K, 0.5f, true, bias, relu ? GemmActivation.Relu : GemmActivation.None, runner);

                return expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= 1e-4 + (1e-4 * Math.Abs(p.First)));
            }).QuickCheckThrowOnFailure();
        }
        finally
        {
            Sgemm.Isa = original;
        }
    }

    [Fact]
    public void Gemm_operator_matches_a_reference_for_any_transpose_alpha_beta_and_c_broadcast()
    {
        var cases = from m in Gen.Choose(1, 20)
                    from n in Gen.Choose(1, 40)
                    from k in Gen.Choose(1, 50)
                    from transA in Gen.Elements(0L, 1L)
                    from transB in Gen.Elements(0L, 1L)
                    from cShape in Gen.Elements("none", "scalar", "row", "column", "full")
                    from alpha in Gen.Elements(1f, 0.5f, -2f)
                    from beta in Gen.Elements(1f, 0f, 0.25f)
                    from constantB in Gen.Elements(true, false)
                    select (m, n, k, transA, transB, cShape, alpha, beta, constantB);
        Prop.ForAll(Arb.From(cases), s =>
        {
            var a = TestModels.Random(s.m * s.k, s.m + s.k);
            var b = TestModels.Random(s.k * s.n, s.n);
            int[] cDims = s.cShape switch { "scalar" => [], "row" => [s.n], "column" => [s.m, 1], "full" => [s.m, s.n], _ => [] };
            var c = TestModels.Random(s.cShape is "none" ? 0 : cDims.Aggregate(1, (x, y) => x * y), 5);
            int[] aShape = s.transA == 1 ? [s.k, s.m] : [s.m, s.k];
            int[] bShape = s.transB == 1 ? [s.n, s.k] : [s.k, s.n];
            var builder = new OnnxModelBuilder().AddInput("a", TensorElementType.Float32, aShape[0], aShape[1]);
            var inputs = new Dictionary<string, Tensor> { ["a"] = Tensor.Create(a, aShape) };
            if (s.constantB)
            {
                builder.AddInitializer("b", Tensor.Create(b, bShape));
            }
            else
            {
                builder.AddInput("b", TensorElementType.Float32, bShape[0], bShape[1]);
                inputs["b"] = Tensor.Create(b, bShape);
            }

            string[] nodeInputs = s.cShape is "none" ? ["a", "b"] : ["a", "b", "c"];
            if (s.cShape is not "none")
            {
                builder.AddInitializer("c", Tensor.Create(c, cDims));
            }

            var bytes = builder.AddNode("Gemm", nodeInputs, ["y"], x => x.Set("transA", s.transA).Set("transB", s.transB).Set("alpha", s.alpha).Set("beta", s.beta))
                .AddOutput("y").ToBytes();
            using var model = OnnxModel.Load(bytes);
            var y = ((Tensor<float>)model.Run(inputs)["y"]).ToArray();
            for (var i = 0; i < s.m; i++)
            {
                for (var j = 0; j < s.n; j++)
                {
                    double sum = 0;
                    for (var p = 0; p < s.k; p++)
                    {
                        sum += a[s.transA == 1 ? (p * s.m) + i : (i * s.k) + p] * b[s.transB == 1 ? (j * s.k) + p : (p * s.n) + j];
                    }

                    var cv = s.cShape switch { "scalar" => c[0], "row" => c[j], "column" => c[i], "full" => c[(i * s.n) + j], _ => 0f };
                    var expected = (s.alpha * sum) + (s.beta * cv);
                    if (Math.Abs(expected - y[(i * s.n) + j]) > 1e-4 + (1e-4 * Math.Abs(expected)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }
}
