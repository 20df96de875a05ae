using System.Buffers;
using System.Text.Json;
using MLOps.Serving.AspNetCore.Protocol;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Tests.Protocol;

public sealed class InferResponseWriterTests
{
    public static TheoryData<TensorElementType> AllTypes => TestTensors.AllTypes();

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_datatype_round_trips_as_json(TensorElementType type)
    {
        var tensor = TestTensors.Sample(type);
        var (body, headerLength) = Write(TestSignatures.AnyShape(type, 2), [new RequestedOutput(0, false)], tensor);
        Assert.Null(headerLength);
        var (json, outputs) = TestResponses.Parse(body, headerLength);
        using (json)
        {
            var (name, decoded) = Assert.Single(outputs);
            Assert.Equal("y", name);
            TestTensors.AssertEqual(tensor, decoded);
            Assert.Equal(type.ToDatatypeName(), json.RootElement.GetProperty("outputs")[0].GetProperty("datatype").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_datatype_round_trips_as_binary(TensorElementType type)
    {
        var tensor = TestTensors.Sample(type);
        var (body, headerLength) = Write(TestSignatures.AnyShape(type, 2), [new RequestedOutput(0, true)], tensor);
        Assert.NotNull(headerLength);
        var (json, outputs) = TestResponses.Parse(body, headerLength);
        using (json)
        {
            TestTensors.AssertEqual(tensor, Assert.Single(outputs).Tensor);
        }
    }

    [Fact]
    public void Response_names_the_model_and_echoes_the_id_only_when_given()
    {
        var signature = TestSignatures.AnyShape(TensorElementType.Int32, 1);
        var tensor = Tensor.Create([1, 2, 3], 3);
        var withId = Write(signature, [new RequestedOutput(0, false)], tensor, id: "req-7", version: "3");
        Assert.Equal(
            """{"model_name":"m","model_version":"3","id":"req-7","outputs":[{"name":"y","datatype":"INT32","shape":[3],"data":[1,2,3]}]}""",
            TestRequests.Utf8Text(withId.Body));
        var withoutId = Write(signature, [new RequestedOutput(0, false)], tensor, id: null, version: null);
        Assert.Equal(
            """{"model_name":"m","outputs":[{"name":"y","datatype":"INT32","shape":[3],"data":[1,2,3]}]}""",
            TestRequests.Utf8Text(withoutId.Body));
    }

    [Fact]
    public void Binary_outputs_follow_the_json_in_output_order_and_the_header_length_is_returned()
    {
        var signature = TestSignatures.ThreeOutputs();
        var a = Tensor.Create([1f, 2f, 3f, 4f], 2, 2);
        var b = Tensor.Create([5L, 6L], 2);
        var c = Tensor.Create(["", "ü"], 2);
        var buffer = new ArrayBufferWriter<byte>();
        var headerLength = InferResponseWriter.Write(
            buffer, "m", "1", null, signature, [new RequestedOutput(2, true), new RequestedOutput(1, false), new RequestedOutput(0, true)], [a, b, c]);
        var body = buffer.WrittenSpan.ToArray();
        Assert.NotNull(headerLength);
        using var document = JsonDocument.Parse(body.AsMemory(0, headerLength.Value));
        var outputs = document.RootElement.GetProperty("outputs");
        Assert.Equal(["c_out", "b_out", "a_out"], outputs.EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(10, outputs[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(outputs[0].TryGetProperty("data", out _));
        Assert.False(outputs[1].TryGetProperty("parameters", out _));
        Assert.Equal(16, outputs[2].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        byte[] expectedTail = [.. TestTensors.StringBytes(["", "ü"]), .. a.AsBytes()];
        Assert.Equal(expectedTail, body[headerLength.Value..]);
    }

    [Fact]
    public void Decoded_request_selects_outputs_and_binary_flags()
    {
        var signature = TestSignatures.ThreeOutputs();
        var reader = new InferRequestReader(signature);
        var request = reader.Read(InferRequestReaderTests.ThreeInputs("""
            "id": "abc", "outputs": [{"name": "b_out", "parameters": {"binary_data": true}}],
            """));
        var buffer = new ArrayBufferWriter<byte>();
        var headerLength = InferResponseWriter.Write(buffer, "m", "2", request, signature, [Tensor.Create([1f, 2f], 1, 2), Tensor.Create([9L], 1), Tensor.Create(["z"], 1)]);
        var (json, outputs) = TestResponses.Parse(buffer.WrittenSpan.ToArray(), headerLength);
        using (json)
        {
            Assert.Equal("abc", json.RootElement.GetProperty("id").GetString());
            var (name, tensor) = Assert.Single(outputs);
            Assert.Equal("b_out", name);
            Assert.Equal([9L], ((Tensor<long>)tensor).ToArray());
        }
    }

    [Fact]
    public void Floats_round_trip_exactly_and_non_finite_values_are_strings()
    {
        var values = new[] { 0.1f, 1f / 3, float.MaxValue, float.Epsilon, -0f, 16777217f, float.NaN, float.PositiveInfinity, float.NegativeInfinity };
        var (body, _) = Write(TestSignatures.AnyShape(TensorElementType.Float32, 1), [new RequestedOutput(0, false)], Tensor.Create(values, values.Length));
        using var document = JsonDocument.Parse(body);
        var data = document.RootElement.GetProperty("outputs")[0].GetProperty("data");
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(BitConverter.SingleToUInt32Bits(values[i]), BitConverter.SingleToUInt32Bits(data[i].GetSingle()));
        }

        Assert.Equal(["NaN", "Infinity", "-Infinity"], data.EnumerateArray().Skip(6).Select(e => e.GetString()));
        Assert.Contains("0.1,", TestRequests.Utf8Text(body), StringComparison.Ordinal);
    }

    [Fact]
    public void Half_precision_uses_its_own_shortest_text()
    {
        var (body, _) = Write(TestSignatures.AnyShape(TensorElementType.Float16, 1), [new RequestedOutput(0, false)], Tensor.Create([(Half)0.1f, Half.NaN], 2));
        Assert.Contains("\"data\":[0.1,\"NaN\"]", TestRequests.Utf8Text(body), StringComparison.Ordinal);
    }

    [Fact]
    public void Tensors_must_line_up_with_the_signature()
    {
        var error = Assert.Throws<ArgumentException>(() => InferResponseWriter.Write(
            new ArrayBufferWriter<byte>(), "m", null, null, TestSignatures.ThreeOutputs(), [new RequestedOutput(0, false)], [Tensor.Zeros<float>(1, 2)]));
        Assert.Contains("Got 1 output tensors for a signature with 3 outputs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_after_a_failed_write_on_the_same_thread_is_clean()
    {
        var signature = TestSignatures.AnyShape(TensorElementType.Int32, 1);
        Assert.ThrowsAny<Exception>(() => InferResponseWriter.Write(new ArrayBufferWriter<byte>(), "m", null, null, signature, [new RequestedOutput(5, false)], [Tensor.Create([1], 1)]));
        var (body, _) = Write(signature, [new RequestedOutput(0, false)], Tensor.Create([1], 1));
        Assert.Equal("""{"model_name":"m","model_version":"1","outputs":[{"name":"y","datatype":"INT32","shape":[1],"data":[1]}]}""", TestRequests.Utf8Text(body));
    }

    private static (byte[] Body, int? HeaderLength) Write(ModelSignature signature, RequestedOutput[] requested, Tensor output, string? id = null, string? version = "1")
    {
        var buffer = new ArrayBufferWriter<byte>();
        var headerLength = InferResponseWriter.Write(buffer, "m", version, id, signature, requested, [output]);
        return (buffer.WrittenSpan.ToArray(), headerLength);
    }
}
