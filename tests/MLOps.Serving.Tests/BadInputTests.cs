using MLOps.Serving.Onnx;
using MLOps.Testing;
using MLOps.Tensors;

namespace MLOps.Serving.Tests;

public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-serving");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Every_truncation_of_a_model_fails_with_a_corrupt_or_validation_error()
    {
        var (bytes, _) = TestModels.Mlp(4, 3, 2);
        for (var length = 0; length < bytes.Length; length += Math.Max(1, bytes.Length / 300))
        {
            var truncated = bytes.AsSpan(0, length).ToArray();
            var error = Record.Exception(() => OnnxModel.Load(truncated).Dispose());
            Assert.True(error is CorruptException or ValidationException, $"Truncated at {length}: {error?.GetType().Name}: {error?.Message}");
        }
    }

    [Fact]
    public void Random_garbage_never_escapes_as_anything_but_an_mlops_error()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var garbage = new byte[random.Next(1, 400)];
            random.NextBytes(garbage);
            var error = Record.Exception(() => OnnxModel.Load(garbage).Dispose());
            Assert.True(error is null or MLOpsException, $"Garbage {i}: {error?.GetType().Name}: {error?.Message}");
        }
    }

    [Fact]
    public void Flipped_bytes_in_valid_models_never_escape_as_anything_but_an_mlops_error()
    {
        var models = new (byte[] Model, string Input, Tensor Value)[]
        {
            (TestModels.Mlp(4, 3, 2).Model, "input", Tensor.Create(new float[8], 2, 4)),
            (Operators.TreeEnsembleTests.RegressorModel().Model, "x", Operators.TreeEnsembleTests.RegressorModel().Input),
            (Operators.ConvTests.SmallCnn().Model, "image", Operators.ConvTests.SmallCnn().Input),
        };
        var random = new Random(11);
        foreach (var (bytes, name, value) in models)
        {
            for (var i = 0; i < 1000; i++)
            {
                var copy = (byte[])bytes.Clone();
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                var error = Record.Exception(() =>
                {
                    using var model = OnnxModel.Load(copy);
                    model.Run(new Dictionary<string, Tensor> { [name] = value });
                });
                Assert.True(error is null or MLOpsException, $"Mutation {i}: {error}");
            }
        }
    }

    [Fact]
    public void A_missing_file_is_not_found()
    {
        var error = Assert.Throws<NotFoundException>(() => OnnxModel.Load(_folder.Combine("absent.onnx")));
        Assert.Contains("absent.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_input_names_types_and_shapes_name_the_tensor()
    {
        var (bytes, _) = TestModels.Mlp(4, 3, 2);
        using var model = OnnxModel.Load(bytes);
        var missing = Assert.Throws<ValidationException>(() => model.Run(new Dictionary<string, Tensor> { ["inputs"] = Tensor.Zeros<float>(1, 4) }));
        Assert.Contains("'input' is missing", missing.Message, StringComparison.Ordinal);
        var extra = Assert.Throws<ValidationException>(() => model.Run(new Dictionary<string, Tensor> { ["input"] = Tensor.Zeros<float>(1, 4), ["other"] = Tensor.Zeros<float>(1) }));
        Assert.Contains("'other'", extra.Message, StringComparison.Ordinal);
        var type = Assert.Throws<ValidationException>(() => model.Run(new Dictionary<string, Tensor> { ["input"] = Tensor.Zeros<double>(1, 4) }));
        Assert.Contains("Input 'input' is FP64", type.Message, StringComparison.Ordinal);
        var shape = Assert.Throws<ValidationException>(() => model.Run(new Dictionary<string, Tensor> { ["input"] = Tensor.Zeros<float>(1, 5) }));
        Assert.Contains("dimension 1 must be 4", shape.Message, StringComparison.Ordinal);
        var rank = Assert.Throws<ValidationException>(() => model.Run(new Dictionary<string, Tensor> { ["input"] = Tensor.Zeros<float>(4) }));
        Assert.Contains("rank 2", rank.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_conflict_deep_in_the_graph_names_the_node()
    {
        // The declared input leaves the feature size open; the second layer's weights need 3 features.
        var bytes = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", "F")
            .AddInitializer("w1", Tensor.Create(new float[6], 3, 2))
            .AddInitializer("w2", Tensor.Create(new float[8], 4, 2))
            .AddNode("MatMul", ["x", "w1"], ["h"], name: "first")
            .AddNode("MatMul", ["h", "w2"], ["y"], name: "second")
            .AddOutput("y")
            .ToBytes();
        using var model = OnnxModel.Load(bytes);
        var error = Assert.Throws<ValidationException>(() => model.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Zeros<float>(2, 3) }));
        Assert.Contains("'second'", error.Message, StringComparison.Ordinal);
        Assert.Contains("inner dimension", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conflict_that_holds_for_every_batch_fails_at_load_time()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, "N", 3)
            .AddInitializer("w", Tensor.Create(new float[8], 4, 2))
            .AddNode("MatMul", ["x", "w"], ["y"], name: "dense")
            .AddOutput("y")
            .ToBytes();
        var error = Assert.Throws<ValidationException>(() => OnnxModel.Load(bytes));
        Assert.Contains("'dense'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_operator_fails_at_load_naming_type_domain_opset_and_node()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, 3)
            .AddNode("Unique", ["x"], ["y"], name: "pick")
            .AddOutput("y")
            .ToBytes();
        var error = Assert.Throws<ValidationException>(() => OnnxModel.Load(bytes));
        Assert.Equal("Operator 'Unique' (domain 'ai.onnx', opset 17) used by node 'pick' is not supported by the CPU engine.", error.Message);
    }

    [Fact]
    public void Gather_with_an_index_out_of_range_names_the_node_and_index()
    {
        var bytes = new OnnxModelBuilder()
            .AddInput("x", TensorElementType.Float32, 4)
            .AddInput("i", TensorElementType.Int64, 2)
            .AddNode("Gather", ["x", "i"], ["y"], name: "lookup")
            .AddOutput("y")
            .ToBytes();
        using var model = OnnxModel.Load(bytes);
        var error = Assert.Throws<ValidationException>(() => model.Run(new Dictionary<string, Tensor>
        {
            ["x"] = Tensor.Zeros<float>(4),
            ["i"] = Tensor.Create(new long[] { 1, 9 }, 2),
        }));
        Assert.Contains("'lookup'", error.Message, StringComparison.Ordinal);
        Assert.Contains("index 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void External_data_is_read_from_the_models_folder_and_a_path_escaping_it_is_refused()
    {
        File.WriteAllBytes(_folder.Combine("weights.bin"), [.. BitConverter.GetBytes(2f), .. BitConverter.GetBytes(3f)]);
        Write("inside.onnx", "weights.bin");
        Write("outside.onnx", "../weights.bin");
        using (var model = OnnxModel.Load(_folder.Combine("inside.onnx")))
        {
            var y = (Tensor<float>)model.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Create(new[] { 1f, 1f }, 2) })["y"];
            Assert.Equal(new[] { 3f, 4f }, y.ToArray());
        }

        var error = Assert.Throws<ValidationException>(() => OnnxModel.Load(_folder.Combine("outside.onnx")));
        Assert.Contains("escapes the model's folder", error.Message, StringComparison.Ordinal);
    }

    private void Write(string name, string location)
    {
        var tensor = new Onnx.Proto.TensorProto { Name = "w", DataType = 1, DataLocation = 1 };
        tensor.Dims.Add(2);
        tensor.ExternalData.Add(new("location", location));
        var graph = new Onnx.Proto.GraphProto { Name = "g" };
        graph.Initializers.Add(tensor);
        graph.Inputs.Add(new Onnx.Proto.ValueInfoProto { Name = "x", Type = new Onnx.Proto.TypeProto { Kind = Onnx.Proto.TypeKind.Tensor, ElemType = 1, Shape = [new(2, null)] } });
        graph.Outputs.Add(new Onnx.Proto.ValueInfoProto { Name = "y" });
        var node = new Onnx.Proto.NodeProto { OpType = "Add", Name = "add" };
        node.Inputs.AddRange(["x", "w"]);
        node.Outputs.Add("y");
        graph.Nodes.Add(node);
        var model = new Onnx.Proto.ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImports.Add(new(string.Empty, 17));
        File.WriteAllBytes(_folder.Combine(name), Onnx.Proto.OnnxProtoWriter.WriteModel(model));
    }
}
