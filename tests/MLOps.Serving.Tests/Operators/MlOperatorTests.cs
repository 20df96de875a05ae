using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Tests.Operators;

public sealed class MlOperatorTests
{
    private const string Ml = "ai.onnx.ml";

    [Fact]
    public void Scikit_learn_style_pipeline_imputer_scaler_linear_classifier_normalizer_zipmap()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", 2)
            .AddNode("Imputer", ["x"], ["i"], a => a.Set("imputed_value_floats", [5f, 7f]).Set("replaced_value_float", float.NaN), Ml)
            .AddNode("Scaler", ["i"], ["s"], a => a.Set("offset", [1f, 2f]).Set("scale", [0.5f, 2f]), Ml)
            .AddNode("LinearClassifier", ["s"], ["label", "scores"], a => a
                .Set("coefficients", [1f, 0f, -1f, 0f, 0f, 1f]).Set("intercepts", [0f, 0f, 0.5f])
                .Set("classlabels_strings", ["a", "b", "c"]).Set("post_transform", "LOGISTIC"), Ml)
            .AddNode("Normalizer", ["scores"], ["p"], a => a.Set("norm", "L1"), Ml)
            .AddNode("ZipMap", ["p"], ["probabilities"], a => a.Set("classlabels_strings", ["a", "b", "c"]), Ml)
            .AddOutput("label", TensorElementType.String, "N")
            .AddMapSequenceOutput("probabilities", TensorElementType.String)
            .ToBytes();
        using var model = OnnxModel.Load(bytes);
        Assert.Equal("sequence", model.Signature.GetOutput("probabilities").NonTensorType);
        var outputs = model.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new[] { 3f, float.NaN }, 1, 2) });
        // Imputed [3, 7] → scaled [1, 10] → scores [1, -1, 10.5].
        Assert.Equal("c", ((Tensor<string>)outputs["label"]).Span[0]);
        var sigmoid = new[] { 1f, -1f, 10.5f }.Select(v => 1 / (1 + MathF.Exp(-v))).ToArray();
        var total = sigmoid.Sum();
        TestModels.AssertClose(sigmoid.Select(v => v / total).ToArray(), ((Tensor<float>)outputs["probabilities"]).Span);
    }

    [Fact]
    public void Linear_regressor_with_two_targets()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float64, "N", 3)
            .AddNode("LinearRegressor", ["x"], ["y"], a => a.Set("coefficients", [1f, 2f, 3f, -1f, 0f, 1f]).Set("intercepts", [0.5f, -0.5f]).Set("targets", 2L), Ml)
            .AddOutput("y", TensorElementType.Float32, "N", 2)
            .ToBytes();
        using var model = OnnxModel.Load(bytes);
        var y = (Tensor<float>)model.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new[] { 1.0, 1, 1, 2, 0, 1 }, 2, 3) })["y"];
        Assert.Equal(new[] { 6.5f, -0.5f, 5.5f, -1.5f }, y.ToArray());
    }

    [Fact]
    public void One_hot_label_encoder_feature_vectorizer_array_feature_extractor_and_binarizer()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("color", TensorElementType.String, "N", 1)
            .AddInput("size", TensorElementType.Int64, "N", 1)
            .AddInput("x", TensorElementType.Float32, "N", 3)
            .AddNode("LabelEncoder", ["color"], ["code"], a => a.Set("keys_strings", ["red", "green"]).Set("values_int64s", [10L, 20]).Set("default_int64", -1L), Ml)
            .AddNode("OneHotEncoder", ["size"], ["onehot"], a => a.Set("cats_int64s", [1L, 2, 3]), Ml)
            .AddNode("Cast", ["code"], ["codef"], a => a.Set("to", 1L))
            .AddInitializer("pick", Tensor.Create(new long[] { 2, 0 }, 2))
            .AddNode("ArrayFeatureExtractor", ["x", "pick"], ["picked"], domain: Ml)
            .AddNode("Binarizer", ["picked"], ["bits"], a => a.Set("threshold", 0.5f), Ml)
            .AddNode("Reshape", ["onehot", "shape"], ["flat"])
            .AddInitializer("shape", Tensor.Create(new long[] { -1, 3 }, 2))
            .AddNode("FeatureVectorizer", ["codef", "flat", "bits"], ["features"], a => a.Set("inputdimensions", [1L, 3, 2]), Ml)
            .AddOutput("features", TensorElementType.Float32, "N", 6)
            .ToBytes();
        using var model = OnnxModel.Load(bytes);
        var features = (Tensor<float>)model.Run(new Dictionary<string, Tensor>
        {
            ["color"] = Tensor.Create(new[] { "green", "blue" }, 2, 1),
            ["size"] = Tensor.Create(new long[] { 3, 9 }, 2, 1),
            ["x"] = Tensor.Create(new[] { 0f, 1f, 2f, 1f, 0f, 0f }, 2, 3),
        })["features"];
        Assert.Equal(new[] { 20f, 0, 0, 1, 1, 0, -1, 0, 0, 0, 0, 1 }, features.ToArray());
    }

    [Fact]
    public void Array_feature_extractor_rejects_an_index_out_of_range()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", 3)
            .AddInput("i", TensorElementType.Int64, 1)
            .AddNode("ArrayFeatureExtractor", ["x", "i"], ["y"], domain: Ml, name: "extract")
            .AddOutput("y")
            .ToBytes();
        using var model = OnnxModel.Load(bytes);
        var error = Assert.Throws<ValidationException>(() => model.Run(new Dictionary<string, Tensor>
        {
            ["x"] = Tensor.Zeros<float>(1, 3),
            ["i"] = Tensor.Create(new long[] { 3 }, 1),
        }));
        Assert.Contains("'extract'", error.Message, StringComparison.Ordinal);
    }
}
