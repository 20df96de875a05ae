using System.Buffers;
using MLOps.Serving.AspNetCore.Protocol;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Tests.Protocol;

public sealed class InferRequestReaderTests
{
    public static TheoryData<TensorElementType> AllTypes => TestTensors.AllTypes();

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_datatype_round_trips_as_flat_json(TensorElementType type)
    {
        var tensor = TestTensors.Sample(type);
        var request = Reader(type).Read(TestRequests.Json(tensor));
        TestTensors.AssertEqual(tensor, Assert.Single(request.Inputs));
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_datatype_round_trips_as_nested_json(TensorElementType type)
    {
        var tensor = TestTensors.Sample(type);
        var request = Reader(type).Read(TestRequests.Json(tensor, nested: true));
        TestTensors.AssertEqual(tensor, Assert.Single(request.Inputs));
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_datatype_round_trips_as_binary(TensorElementType type)
    {
        var tensor = TestTensors.Sample(type);
        var (body, headerLength) = TestRequests.Binary(tensor);
        var request = Reader(type).Read(body, headerLength);
        TestTensors.AssertEqual(tensor, Assert.Single(request.Inputs));
    }

    [Fact]
    public void Nested_and_flat_data_decode_to_the_same_tensor()
    {
        var reader = Reader(TensorElementType.Int32);
        var flat = reader.Read(TestRequests.Utf8("""{"inputs":[{"name":"x","shape":[2,3],"datatype":"INT32","data":[1,2,3,4,5,6]}]}"""));
        var nested = reader.Read(TestRequests.Utf8("""{"inputs":[{"name":"x","shape":[2,3],"datatype":"INT32","data":[[1,2,3],[4,5,6]]}]}"""));
        Assert.Equal([1, 2, 3, 4, 5, 6], ((Tensor<int>)flat.Inputs[0]).ToArray());
        TestTensors.AssertEqual(flat.Inputs[0], nested.Inputs[0]);
    }

    [Fact]
    public void Fields_may_come_in_any_order_and_unknown_fields_are_ignored()
    {
        var reader = Reader(TensorElementType.Float32);
        var request = reader.Read(TestRequests.Utf8("""
            {"extra": {"a": [1, {"b": null}]}, "inputs": [
              {"data": [[1.5, "NaN"], ["Infinity", "-Infinity"]], "parameters": {"content_type": "np"}, "datatype": "FP32", "shape": [2, 2], "name": "x", "more": true}
            ], "id": "req-1"}
            """));
        var values = ((Tensor<float>)request.Inputs[0]).ToArray();
        Assert.Equal(1.5f, values[0]);
        Assert.True(float.IsNaN(values[1]));
        Assert.Equal(float.PositiveInfinity, values[2]);
        Assert.Equal(float.NegativeInfinity, values[3]);
        Assert.Equal("req-1", request.Id);
    }

    [Fact]
    public void Symbolic_dimensions_accept_any_size_including_zero()
    {
        var reader = Reader(TensorElementType.Float32);
        Assert.Equal(new TensorShape(0, 4), reader.Read(TestRequests.Utf8("""{"inputs":[{"name":"x","shape":[0,4],"datatype":"FP32","data":[]}]}""")).Inputs[0].Shape);
        Assert.Equal(new TensorShape(3, 4), reader.Read(TestRequests.Json(Tensor.Zeros<float>(3, 4))).Inputs[0].Shape);
    }

    [Fact]
    public void Integers_written_as_integral_decimals_are_accepted()
    {
        var request = Reader(TensorElementType.Int64).Read(TestRequests.Utf8("""{"inputs":[{"name":"x","shape":[1,4],"datatype":"INT64","data":[2.0, 1e3, -0.0, 9007199254740992]}]}"""));
        Assert.Equal([2L, 1000L, 0L, 9007199254740992L], ((Tensor<long>)request.Inputs[0]).ToArray());
    }

    [Fact]
    public void Datatype_names_are_matched_ignoring_case()
    {
        var request = Reader(TensorElementType.Float32).Read(TestRequests.Utf8("""{"inputs":[{"name":"x","shape":[1,4],"datatype":"fp32","data":[1,2,3,4]}]}"""));
        Assert.Equal(TensorElementType.Float32, request.Inputs[0].ElementType);
    }

    [Fact]
    public void Inputs_come_back_in_signature_order_whatever_the_request_order()
    {
        var reader = new InferRequestReader(TestSignatures.ThreeOutputs());
        var (body, headerLength) = TestRequests.Encode(
        [
            new TestInput("c", Tensor.Create(["", "ü"], 2), Binary: true),
            new TestInput("b", Tensor.Create([7L, 8L], 2)),
            new TestInput("a", Tensor.Create([1f, 2f, 3f, 4f], 2, 2), Binary: true),
        ]);
        var request = reader.Read(body, headerLength);
        Assert.Equal(["a", "b", "c"], request.Inputs.Select(t => t.ElementType switch
        {
            TensorElementType.Float32 => "a",
            TensorElementType.Int64 => "b",
            _ => "c",
        }));
        Assert.Equal([1f, 2f, 3f, 4f], ((Tensor<float>)request.Inputs[0]).ToArray());
        Assert.Equal([7L, 8L], ((Tensor<long>)request.Inputs[1]).ToArray());
        Assert.Equal(["", "ü"], ((Tensor<string>)request.Inputs[2]).ToArray());
    }

    [Fact]
    public void Binary_data_is_read_from_a_multi_segment_body()
    {
        var tensor = Tensor.Create([1.5f, -2f, 3f, 4f, 5f, 6f, 7f, 8f], 2, 4);
        var (body, headerLength) = TestRequests.Binary(tensor);
        var request = Reader(TensorElementType.Float32).Read(Segmented(body, 7), headerLength);
        TestTensors.AssertEqual(tensor, request.Inputs[0]);
        var json = Reader(TensorElementType.Float32).Read(Segmented(TestRequests.Json(tensor, nested: true), 5));
        TestTensors.AssertEqual(tensor, json.Inputs[0]);
    }

    [Fact]
    public void Without_outputs_every_output_is_returned_as_json_in_signature_order()
    {
        var request = new InferRequestReader(TestSignatures.ThreeOutputs()).Read(ThreeInputs(string.Empty));
        Assert.False(request.OutputsListed);
        Assert.Equal([new RequestedOutput(0, false), new RequestedOutput(1, false), new RequestedOutput(2, false)], request.Outputs);
        Assert.False(request.HasBinaryOutput);
        Assert.Null(request.Id);
        Assert.Null(request.Priority);
        Assert.Null(request.Timeout);
    }

    [Fact]
    public void Binary_data_output_applies_to_every_output_unless_one_overrides_it()
    {
        var reader = new InferRequestReader(TestSignatures.ThreeOutputs());
        var all = reader.Read(ThreeInputs("""
            "parameters": {"binary_data_output": true, "priority": 2, "timeout": 1500, "custom": [1]},
            """));
        Assert.All(all.Outputs, o => Assert.True(o.Binary));
        Assert.Equal(2, all.Priority);
        Assert.Equal(TimeSpan.FromMicroseconds(1500), all.Timeout);

        var listed = reader.Read(ThreeInputs("""
            "outputs": [{"name": "c_out"}, {"name": "a_out", "parameters": {"binary_data": false}}],
            "parameters": {"binary_data_output": true},
            """));
        Assert.True(listed.OutputsListed);
        Assert.Equal([new RequestedOutput(2, true), new RequestedOutput(0, false)], listed.Outputs);

        var one = reader.Read(ThreeInputs("""
            "outputs": [{"name": "b_out", "parameters": {"binary_data": true}}, {"name": "a_out"}],
            """));
        Assert.Equal([new RequestedOutput(1, true), new RequestedOutput(0, false)], one.Outputs);
        Assert.True(one.HasBinaryOutput);
    }

    [Fact]
    public void Empty_outputs_list_means_every_output_and_zero_timeout_means_none()
    {
        var request = new InferRequestReader(TestSignatures.ThreeOutputs()).Read(ThreeInputs("""
            "outputs": [], "parameters": {"timeout": 0}, "id": "",
            """));
        Assert.Equal(3, request.Outputs.Count);
        Assert.Null(request.Timeout);
        Assert.Equal(string.Empty, request.Id);
    }

    [Fact]
    public void For_returns_one_shared_reader_per_signature()
    {
        var signature = TestSignatures.Identity(TensorElementType.Float32, "N", 4);
        Assert.Same(InferRequestReader.For(signature), InferRequestReader.For(signature));
        Assert.Same(signature, InferRequestReader.For(signature).Signature);
    }

    [Fact]
    public void Byte_strings_keep_empty_and_non_ascii_text_in_json_and_binary()
    {
        var tensor = Tensor.Create(TestTensors.Texts, TestTensors.Texts.Length);
        var reader = Reader(TensorElementType.String, rank: 1);
        TestTensors.AssertEqual(tensor, reader.Read(TestRequests.Json(tensor)).Inputs[0]);
        var (body, headerLength) = TestRequests.Binary(tensor);
        TestTensors.AssertEqual(tensor, reader.Read(body, headerLength).Inputs[0]);
        var escaped = reader.Read(TestRequests.Utf8("""{"inputs":[{"name":"\u0078","shape":[2],"datatype":"BYTES","data":["\u00e9\ud83d\ude00",""]}]}"""));
        Assert.Equal(["é😀", ""], ((Tensor<string>)escaped.Inputs[0]).ToArray());
    }

    internal static InferRequestReader Reader(TensorElementType type, int rank = 2) => InferRequestReader.For(TestSignatures.AnyShape(type, rank));

    internal static byte[] ThreeInputs(string extraFields) => TestRequests.Utf8(
        "{" + extraFields + """
        "inputs": [
          {"name": "a", "shape": [1, 2], "datatype": "FP32", "data": [1, 2]},
          {"name": "b", "shape": [1], "datatype": "INT64", "data": [3]},
          {"name": "c", "shape": [1], "datatype": "BYTES", "data": ["z"]}
        ]}
        """);

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentLength)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += segmentLength)
        {
            var memory = bytes.AsMemory(offset, Math.Min(segmentLength, bytes.Length - offset));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
