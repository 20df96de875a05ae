using System.Buffers;
using MLOps.Serving.AspNetCore.Protocol;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Tests.Protocol;

public sealed class MetadataWriterTests
{
    [Fact]
    public void Model_metadata_lists_versions_and_reports_varying_dimensions_as_minus_one()
    {
        var buffer = new ArrayBufferWriter<byte>();
        ModelMetadataWriter.Write(buffer, "iris", ["1", "2"], TestSignatures.ThreeOutputs());
        Assert.Equal(
            """{"name":"iris","versions":["1","2"],"platform":"onnx","inputs":[{"name":"a","datatype":"FP32","shape":[-1,2]},{"name":"b","datatype":"INT64","shape":[-1]},{"name":"c","datatype":"BYTES","shape":[-1]}],"outputs":[{"name":"a_out","datatype":"FP32","shape":[-1,2]},{"name":"b_out","datatype":"INT64","shape":[-1]},{"name":"c_out","datatype":"BYTES","shape":[-1]}]}""",
            TestRequests.Utf8Text(buffer.WrittenSpan.ToArray()));
    }

    [Fact]
    public void Model_metadata_reports_the_added_datatypes_and_fixed_sizes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        ModelMetadataWriter.Write(buffer, "m", [], TestSignatures.Identity(TensorElementType.BFloat16, 3, "batch"), platform: "onnxruntime");
        Assert.Equal(
            """{"name":"m","versions":[],"platform":"onnxruntime","inputs":[{"name":"x","datatype":"BF16","shape":[3,-1]}],"outputs":[{"name":"y","datatype":"BF16","shape":[3,-1]}]}""",
            TestRequests.Utf8Text(buffer.WrittenSpan.ToArray()));
    }

    [Fact]
    public void Server_metadata_has_name_version_and_extensions()
    {
        var buffer = new ArrayBufferWriter<byte>();
        ServerMetadataWriter.Write(buffer);
        Assert.Equal(
            """{"name":"mlops","version":"0.1.0","extensions":["binary_tensor_data","statistics","model_repository"]}""",
            TestRequests.Utf8Text(buffer.WrittenSpan.ToArray()));
        buffer.Clear();
        ServerMetadataWriter.Write(buffer, "custom", "9.9", ["model_repository"]);
        Assert.Equal("""{"name":"custom","version":"9.9","extensions":["model_repository"]}""", TestRequests.Utf8Text(buffer.WrittenSpan.ToArray()));
    }

    [Fact]
    public void Error_body_escapes_the_message()
    {
        var buffer = new ArrayBufferWriter<byte>();
        ErrorWriter.Write(buffer, "Input 'x' is \"bad\" — très");
        Assert.Equal("""{"error":"Input 'x' is \"bad\" — très"}""", TestRequests.Utf8Text(buffer.WrittenSpan.ToArray()));
    }
}
