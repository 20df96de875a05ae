using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using MLOps.Serving.AspNetCore.Protocol;
using MLOps.Tensors;

namespace MLOps.Serving.AspNetCore.Tests.Protocol;

public sealed class CodecPropertyTests
{
    private static readonly string[] Pieces = ["", "a", "Z", "0", " ", "é", "ß", "日本", "😀", "\"", "\\", "\n", "\u0001", "/", "<"];

    [Fact]
    public void Random_tensors_decode_to_equal_tensors_from_flat_nested_and_binary_requests()
    {
        Prop.ForAll(Tensors().ToArbitrary(), tensor =>
            {
                var reader = InferRequestReader.For(TestSignatures.AnyShape(tensor.ElementType, tensor.Rank));
                var flat = reader.Read(TestRequests.Json(tensor)).Inputs[0];
                var nested = reader.Read(TestRequests.Json(tensor, nested: true)).Inputs[0];
                var (body, headerLength) = TestRequests.Binary(tensor);
                var binary = reader.Read(body, headerLength).Inputs[0];
                return TestTensors.Equal(tensor, flat) && TestTensors.Equal(tensor, nested) && TestTensors.Equal(tensor, binary);
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_tensors_survive_json_and_binary_responses()
    {
        Prop.ForAll(Tensors().ToArbitrary(), tensor =>
            {
                var signature = TestSignatures.AnyShape(tensor.ElementType, tensor.Rank);
                return RoundTrip(signature, tensor, binary: false) && RoundTrip(signature, tensor, binary: true);
            })
            .QuickCheckThrowOnFailure();
    }

    private static bool RoundTrip(ModelSignature signature, Tensor tensor, bool binary)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var headerLength = InferResponseWriter.Write(buffer, "m", "1", null, signature, [new RequestedOutput(0, binary)], [tensor]);
        var (json, outputs) = TestResponses.Parse(buffer.WrittenSpan.ToArray(), headerLength);
        using (json)
        {
            return (headerLength is not null) == binary && TestTensors.Equal(tensor, outputs[0].Tensor);
        }
    }

    /// <summary>Any element type, rank 0 to 3, sizes 0 to 3; numbers from random bits (so NaN, infinities, -0 and subnormals appear), text from mixed scripts.</summary>
    private static Gen<Tensor> Tensors() =>
        from type in Gen.Elements(Enum.GetValues<TensorElementType>())
        from rank in Gen.Choose(0, 3)
        from dimensions in Gen.ArrayOf(Gen.Choose(0, 3), rank)
        from tensor in Elements(type, new TensorShape(dimensions))
        select tensor;

    private static Gen<Tensor> Elements(TensorElementType type, TensorShape shape)
    {
        if (type == TensorElementType.String)
        {
            var text = Gen.Choose(0, 4).SelectMany(count => Gen.ArrayOf(Gen.Elements(Pieces), count)).Select(parts => string.Concat(parts));
            return Gen.ArrayOf(text, shape.ElementCount).Select(values => (Tensor)Tensor.Create(values, shape));
        }

        var size = shape.ElementCount * type.GetElementSize();
        return Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), size).Select(bytes =>
        {
            if (type == TensorElementType.Bool)
            {
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] &= 1;
                }
            }

            return Tensor.FromBytes(type, bytes, shape);
        });
    }
}
