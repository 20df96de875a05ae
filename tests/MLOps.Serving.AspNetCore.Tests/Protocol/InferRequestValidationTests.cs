using MLOps.Serving.AspNetCore.Protocol;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Tests.Protocol;

public sealed class InferRequestValidationTests
{
    private static readonly InferRequestReader Fp32 = InferRequestReader.For(TestSignatures.Identity(TensorElementType.Float32, "N", 4));

    [Theory]
    [InlineData("""{"inputs": [{"name": "x",, }]}""", "byte 25 (line 1): ',' is an invalid start of a property name. Expected a '\"'.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1, 4]""", "byte 41 (line 1): Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.")]
    [InlineData("""{"inputs": []} trailing""", "byte 15 (line 1): 't' is invalid after a single JSON value. Expected end of data.")]
    [InlineData("{\n  \"inputs\": [,]\n}", "byte 15 (line 2): ',' is an invalid start of a value.")]
    [InlineData("", "byte 0 (line 1): The input does not contain any JSON tokens.")]
    public void Malformed_json_is_rejected_with_its_byte_position(string body, string expected)
    {
        Assert.StartsWith($"The request body is not valid JSON at {expected}", Error(Fp32, body), StringComparison.Ordinal);
    }

    [Fact]
    public void Body_must_be_an_object()
    {
        Assert.Equal("The request body must be a JSON object; it is an array.", Error(Fp32, "[]"));
    }

    [Fact]
    public void Unknown_input_is_rejected_listing_the_known_ones()
    {
        Assert.Equal(
            "The model has no input 'z'; its inputs are 'x'.",
            Error(Fp32, """{"inputs":[{"name":"z","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}"""));
    }

    [Fact]
    public void Missing_input_is_named()
    {
        var reader = InferRequestReader.For(TestSignatures.ThreeOutputs());
        var message = Error(reader, """{"inputs":[{"name":"a","shape":[1,2],"datatype":"FP32","data":[1,2]},{"name":"c","shape":[1],"datatype":"BYTES","data":["s"]}]}""");
        Assert.Equal("Input 'b' is missing from the request; the model's inputs are 'a', 'b', 'c'.", message);
        Assert.Contains("Input 'x' is missing", Error(Fp32, """{"id": "no inputs"}"""), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_input_is_named()
    {
        var input = """{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}""";
        Assert.Equal("Input 'x' appears more than once in the request.", Error(Fp32, $$"""{"inputs":[{{input}},{{input}}]}"""));
    }

    [Fact]
    public void Datatype_must_match_the_signature_naming_both()
    {
        Assert.Equal(
            "Input 'x' has datatype INT64 but the model expects FP32.",
            Error(Fp32, """{"inputs":[{"name":"x","shape":[1,4],"datatype":"INT64","data":[1,2,3,4]}]}"""));
        Assert.StartsWith(
            "Input 'x' has unknown datatype 'FP8'; expected one of FP32, FP64",
            Error(Fp32, """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP8","data":[1,2,3,4]}]}"""),
            StringComparison.Ordinal);
        Assert.Equal(
            "Input 'x' datatype must be a string such as \"FP32\"; it is a number.",
            Error(Fp32, """{"inputs":[{"name":"x","shape":[1,4],"datatype":1,"data":[1,2,3,4]}]}"""));
    }

    [Fact]
    public void Rank_must_match_the_signature()
    {
        Assert.Equal(
            "Input 'x' has shape [4] (rank 1) but the model expects rank 2: [N, 4].",
            Error(Fp32, """{"inputs":[{"name":"x","shape":[4],"datatype":"FP32","data":[1,2,3,4]}]}"""));
    }

    [Fact]
    public void Fixed_dimensions_must_match_the_signature()
    {
        Assert.Equal(
            "Input 'x' has shape [2, 3] but the model expects [N, 4]: dimension 1 must be 4.",
            Error(Fp32, """{"inputs":[{"name":"x","shape":[2,3],"datatype":"FP32","data":[1,2,3,4,5,6]}]}"""));
    }

    [Theory]
    [InlineData("[1,-4]", "Input 'x' shape must hold non-negative integer sizes; dimension 1 is -4.")]
    [InlineData("[1,4.5]", "Input 'x' shape must hold non-negative integer sizes; dimension 1 is 4.5.")]
    [InlineData("[\"1\",4]", "Input 'x' shape must hold non-negative integer sizes; dimension 0 is a string.")]
    [InlineData("4", "Input 'x' shape must be an array of sizes such as [1, 4]; it is a number.")]
    public void Shape_must_be_non_negative_integers(string shape, string expected)
    {
        Assert.Equal(expected, Error(Fp32, $$"""{"inputs":[{"name":"x","shape":{{shape}},"datatype":"FP32","data":[1,2,3,4]}]}"""));
    }

    [Fact]
    public void Shape_too_large_for_memory_is_rejected_naming_the_input()
    {
        var message = Error(Fp32, """{"inputs":[{"name":"x","shape":[2147483647,4],"datatype":"FP32","data":[1]}]}""");
        Assert.StartsWith("Input 'x': Tensor shape [2147483647, 4] has more than", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2,3]", "Input 'x' has 3 data elements but its shape [1, 4] needs 4.")]
    [InlineData("[1,2,3,4,5]", "Input 'x' has 5 data elements but its shape [1, 4] needs 4.")]
    [InlineData("[]", "Input 'x' has 0 data elements but its shape [1, 4] needs 4.")]
    public void Data_count_must_equal_the_shape_product(string data, string expected)
    {
        Assert.Equal(expected, Error(Fp32, $$"""{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":{{data}}}]}"""));
    }

    [Fact]
    public void Huge_shape_with_little_data_is_rejected_before_allocating()
    {
        Assert.Equal(
            "Input 'x' has 4 data elements but its shape [100000000, 4] needs 400000000.",
            Error(Fp32, """{"inputs":[{"name":"x","shape":[100000000,4],"datatype":"FP32","data":[[1,2,3,4]]}]}"""));
    }

    [Theory]
    [InlineData("[[1,2,3,4],[5,6,7]]", "an array for dimension 1 has 3 items, not 4")]
    [InlineData("[[1,2,3,4],[5,6,7,8,9]]", "an array for dimension 1 has more than 4 items")]
    [InlineData("[[1,2,3,4],[5,6,7,8],[9,10,11,12]]", "an array for dimension 0 has more than 2 items")]
    [InlineData("[[1,2,3,4]]", "an array for dimension 0 has 1 items, not 2")]
    [InlineData("[[1,2,3,[4]],[5,6,7,8]]", "an array at element 3 is nested deeper than rank 2")]
    [InlineData("[[1,2,3,4],5]", "element 4 is a value where dimension 0 needs arrays")]
    public void Nested_data_must_match_the_shape(string data, string problem)
    {
        Assert.Equal(
            $"Input 'x' nested data does not match its shape [2, 4]: {problem}.",
            Error(Fp32, $$"""{"inputs":[{"name":"x","shape":[2,4],"datatype":"FP32","data":{{data}}}],"id":"room for the data the shape asks for"}"""));
    }

    [Fact]
    public void Flat_data_must_not_mix_in_arrays()
    {
        Assert.StartsWith(
            "Input 'x' data mixes values and arrays (an array at element 1)",
            Error(Fp32, """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,[2],3,4]}]}"""),
            StringComparison.Ordinal);
        Assert.Equal(
            "Input 'x' data must be a JSON array; it is an object.",
            Error(Fp32, """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":{"a":1}}]}"""));
    }

    [Theory]
    [InlineData(TensorElementType.UInt8, "300", "300, which is out of range for UINT8")]
    [InlineData(TensorElementType.UInt8, "-1", "-1, which is out of range for UINT8")]
    [InlineData(TensorElementType.Int8, "128", "128, which is out of range for INT8")]
    [InlineData(TensorElementType.Int16, "-32769", "-32769, which is out of range for INT16")]
    [InlineData(TensorElementType.UInt16, "65536", "65536, which is out of range for UINT16")]
    [InlineData(TensorElementType.Int32, "2147483648", "2147483648, which is out of range for INT32")]
    [InlineData(TensorElementType.UInt32, "-1", "-1, which is out of range for UINT32")]
    [InlineData(TensorElementType.Int64, "9223372036854775808", "9223372036854775808, which is out of range for INT64")]
    [InlineData(TensorElementType.Int64, "9.3e18", "9.3e18, which is out of range for INT64")]
    [InlineData(TensorElementType.UInt64, "18446744073709551616", "18446744073709551616, which is out of range for UINT64")]
    [InlineData(TensorElementType.Float32, "1e39", "1e39, which is out of range for FP32")]
    [InlineData(TensorElementType.Float64, "1e400", "1e400, which is out of range for FP64")]
    [InlineData(TensorElementType.Float16, "70000", "70000, which is out of range for FP16")]
    [InlineData(TensorElementType.BFloat16, "3.4e38", "3.4e38, which is out of range for BF16")]
    [InlineData(TensorElementType.Int32, "1.5", "1.5, which is not an integer as INT32 needs")]
    [InlineData(TensorElementType.UInt64, "2e-1", "2e-1, which is not an integer as UINT64 needs")]
    [InlineData(TensorElementType.Int32, "\"7\"", "a string; INT32 needs an integer")]
    [InlineData(TensorElementType.Float32, "\"nan\"", "a string; FP32 needs a number (or the string \"NaN\", \"Infinity\" or \"-Infinity\")")]
    [InlineData(TensorElementType.Float64, "null", "null; FP64 needs a number (or the string \"NaN\", \"Infinity\" or \"-Infinity\")")]
    [InlineData(TensorElementType.Bool, "1", "a number; BOOL needs true or false")]
    [InlineData(TensorElementType.String, "5", "a number; BYTES needs a string")]
    [InlineData(TensorElementType.UInt8, "{}", "an object; UINT8 needs an integer")]
    public void Elements_must_fit_the_datatype(TensorElementType type, string element, string problem)
    {
        var reader = InferRequestReaderTests.Reader(type, rank: 1);
        var body = $$"""{"inputs":[{"name":"x","shape":[2],"datatype":"{{type.ToDatatypeName()}}","data":[{{DefaultElement(type)}}, {{element}}]}]}""";
        Assert.Equal($"Input 'x' element 1 is {problem}.", Error(reader, body));
    }

    [Fact]
    public void Scalar_data_cannot_be_nested()
    {
        var reader = InferRequestReaderTests.Reader(TensorElementType.Int32, rank: 0);
        Assert.Equal([5], ((Tensor<int>)reader.Read(TestRequests.Utf8("""{"inputs":[{"name":"x","shape":[],"datatype":"INT32","data":[5]}]}""")).Inputs[0]).ToArray());
        Assert.StartsWith(
            "Input 'x' is a scalar (shape [])",
            Error(reader, """{"inputs":[{"name":"x","shape":[],"datatype":"INT32","data":[[5]]}]}"""),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Input_needs_a_name_datatype_shape_and_data()
    {
        Assert.Equal("Request inputs[0] has no name.", Error(Fp32, """{"inputs":[{"shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}"""));
        Assert.Equal("Request inputs[1] name must be a string; it is a number.", Error(Fp32, """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]},{"name":1}]}"""));
        Assert.Equal("Input 'x' has no datatype.", Error(Fp32, """{"inputs":[{"name":"x","shape":[1,4],"data":[1,2,3,4]}]}"""));
        Assert.Equal("Input 'x' has no shape.", Error(Fp32, """{"inputs":[{"name":"x","datatype":"FP32","data":[1,2,3,4]}]}"""));
        Assert.Equal("Input 'x' has neither data nor parameters.binary_data_size.", Error(Fp32, """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32"}]}"""));
        Assert.Equal("Request inputs[0] must be a JSON object; it is a string.", Error(Fp32, """{"inputs":["x"]}"""));
        Assert.Equal("The request's inputs must be a JSON array; it is an object.", Error(Fp32, """{"inputs":{}}"""));
    }

    [Fact]
    public void Binary_size_must_match_the_shape()
    {
        var body = TestRequests.Utf8("""{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","parameters":{"binary_data_size":12}}]}""");
        var message = Assert.Throws<ValidationException>(() => Fp32.Read(Cat(body, new byte[12]), body.Length)).Message;
        Assert.Equal("Input 'x' binary_data_size is 12 but FP32 shape [1, 4] needs 16 bytes.", message);
    }

    [Fact]
    public void Binary_section_must_hold_exactly_the_declared_bytes()
    {
        var body = TestRequests.Utf8("""{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","parameters":{"binary_data_size":16}}]}""");
        var shortBody = Assert.Throws<ValidationException>(() => Fp32.Read(Cat(body, new byte[12]), body.Length)).Message;
        Assert.Equal("The body has 12 bytes of binary data after its JSON header but the inputs' binary_data_size values add up to 16 ('x' 16).", shortBody);
        var longBody = Assert.Throws<ValidationException>(() => Fp32.Read(Cat(body, new byte[20]), body.Length)).Message;
        Assert.Contains("'x' 16", longBody, StringComparison.Ordinal);

        var json = TestRequests.Json(Tensor.Zeros<float>(1, 4));
        var extra = Assert.Throws<ValidationException>(() => Fp32.Read(Cat(json, [1, 2]), json.Length)).Message;
        Assert.Equal("The body has 2 bytes after its JSON header but no input has parameters.binary_data_size.", extra);
    }

    [Fact]
    public void Header_length_must_fit_in_the_body()
    {
        var body = TestRequests.Json(Tensor.Zeros<float>(1, 4));
        var message = Assert.Throws<ValidationException>(() => Fp32.Read(body, body.Length + 1)).Message;
        Assert.Equal($"The Inference-Header-Content-Length header is {body.Length + 1} but the body has only {body.Length} bytes.", message);
        Assert.Throws<ValidationException>(() => Fp32.Read(body, -1));
        Assert.Single(Fp32.Read(body, body.Length).Inputs);
    }

    [Fact]
    public void Binary_input_needs_the_header_and_no_json_data()
    {
        var (body, headerLength) = TestRequests.Binary(Tensor.Zeros<float>(1, 4));
        Assert.Equal(
            "Input 'x' has parameters.binary_data_size but the request has no Inference-Header-Content-Length header to say where its binary data starts.",
            Assert.Throws<ValidationException>(() => Fp32.Read(body.AsMemory(0, (int)headerLength!))).Message);
        Assert.Equal(
            "Input 'x' has both data and parameters.binary_data_size; send one or the other.",
            Error(Fp32, """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","parameters":{"binary_data_size":16},"data":[1,2,3,4]}]}"""));
        Assert.Equal(
            "Input 'x' binary_data_size must be a non-negative integer.",
            Error(Fp32, """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","parameters":{"binary_data_size":-16}}]}"""));
    }

    [Fact]
    public void Binary_booleans_must_be_zero_or_one()
    {
        var reader = InferRequestReaderTests.Reader(TensorElementType.Bool, rank: 1);
        var json = TestRequests.Utf8("""{"inputs":[{"name":"x","shape":[3],"datatype":"BOOL","parameters":{"binary_data_size":3}}]}""");
        var message = Assert.Throws<ValidationException>(() => reader.Read(Cat(json, [0, 1, 2]), json.Length)).Message;
        Assert.Equal("Input 'x' element 2 is byte 2; BOOL binary data must be 0 or 1.", message);
    }

    [Fact]
    public void Binary_byte_strings_must_fill_their_size_and_be_utf8()
    {
        var reader = InferRequestReaderTests.Reader(TensorElementType.String, rank: 1);
        Assert.Equal(
            "Input 'x' BYTES element 1 runs past the end of its 10 bytes of binary data.",
            BinaryStrings(reader, 2, [1, 0, 0, 0, (byte)'a', 9, 0, 0, 0, (byte)'b']));
        Assert.Equal(
            "Input 'x' binary_data_size is 10 but its 1 BYTES elements take 5.",
            BinaryStrings(reader, 1, [1, 0, 0, 0, (byte)'a', 0, 0, 0, 0, 0]));
        Assert.Equal(
            "Input 'x' binary_data_size is 4, too small for 2 BYTES elements of shape [2], which need a 4-byte length each.",
            BinaryStrings(reader, 2, [0, 0, 0, 0]));
        Assert.Equal(
            "Input 'x' BYTES element 0 is not valid UTF-8; BYTES tensors here carry text.",
            BinaryStrings(reader, 1, [2, 0, 0, 0, 0xC3, 0x28]));
    }

    [Fact]
    public void Requested_outputs_must_exist_once_each()
    {
        var reader = InferRequestReader.For(TestSignatures.ThreeOutputs());
        Assert.Equal(
            "The model has no output 'z'; its outputs are 'a_out', 'b_out', 'c_out'.",
            Assert.Throws<ValidationException>(() => reader.Read(InferRequestReaderTests.ThreeInputs("""
                "outputs": [{"name": "z"}],
                """))).Message);
        Assert.Equal(
            "Output 'a_out' is requested more than once.",
            Assert.Throws<ValidationException>(() => reader.Read(InferRequestReaderTests.ThreeInputs("""
                "outputs": [{"name": "a_out"}, {"name": "a_out", "parameters": {"binary_data": true}}],
                """))).Message);
        Assert.Equal(
            "Request outputs[0] parameter binary_data must be true or false; it is a string.",
            Assert.Throws<ValidationException>(() => reader.Read(InferRequestReaderTests.ThreeInputs("""
                "outputs": [{"name": "a_out", "parameters": {"binary_data": "yes"}}],
                """))).Message);
        Assert.Equal(
            "Request outputs[0] has no name.",
            Assert.Throws<ValidationException>(() => reader.Read(InferRequestReaderTests.ThreeInputs("""
                "outputs": [{}],
                """))).Message);
    }

    [Theory]
    [InlineData("""{"priority": -1}""", "The request parameter priority must be a non-negative integer; it is -1.")]
    [InlineData("""{"priority": "high"}""", "The request parameter priority must be a non-negative integer; it is a string.")]
    [InlineData("""{"timeout": 1.5}""", "The request parameter timeout must be a non-negative integer number of microseconds; it is 1.5.")]
    [InlineData("""{"binary_data_output": 1}""", "The request parameter binary_data_output must be true or false; it is 1.")]
    [InlineData("""[]""", "The request parameters must be a JSON object; it is an array.")]
    public void Request_parameters_are_checked(string parameters, string expected)
    {
        var reader = InferRequestReader.For(TestSignatures.ThreeOutputs());
        Assert.Equal(expected, Assert.Throws<ValidationException>(() => reader.Read(InferRequestReaderTests.ThreeInputs($"\"parameters\": {parameters},"))).Message);
        Assert.Equal(
            "The request id must be a string; it is a number.",
            Assert.Throws<ValidationException>(() => reader.Read(InferRequestReaderTests.ThreeInputs("\"id\": 5,"))).Message);
    }

    private static string BinaryStrings(InferRequestReader reader, int count, byte[] data)
    {
        var json = TestRequests.Utf8($$$"""{"inputs":[{"name":"x","shape":[{{{count}}}],"datatype":"BYTES","parameters":{"binary_data_size":{{{data.Length}}}}}]}""");
        return Assert.Throws<ValidationException>(() => reader.Read(Cat(json, data), json.Length)).Message;
    }

    private static byte[] Cat(byte[] first, byte[] second) => [.. first, .. second];

    private static string DefaultElement(TensorElementType type) => type switch
    {
        TensorElementType.Bool => "true",
        TensorElementType.String => "\"s\"",
        _ => "0",
    };

    private static string Error(InferRequestReader reader, string body) =>
        Assert.Throws<ValidationException>(() => reader.Read(TestRequests.Utf8(body))).Message;
}
