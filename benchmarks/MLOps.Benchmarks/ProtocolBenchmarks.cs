using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MLOps.Serving;
using MLOps.Serving.AspNetCore.Protocol;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Benchmarks;

/// <summary>
/// The Open Inference Protocol codec on one request of a 256-wide FP32 input (the 256→512→512→10 MLP's):
/// decoding it as JSON and as the binary tensor extension, and writing the 10-value response as JSON.
/// Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*ProtocolBenchmarks*' --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class ProtocolBenchmarks
{
    private ModelSignature _signature = null!;
    private byte[] _json = [];
    private byte[] _binary = [];
    private int _binaryHeader;
    private DecodedInferRequest _decoded = null!;
    private Tensor[] _outputs = [];
    private readonly ArrayBufferWriter<byte> _response = new(4096);

    [Params(1, 16)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var model = OnnxModel.Load(SyntheticModels.Mlp([256, 512, 512, 10]));
        _signature = model.Signature;
        var random = new Random(1);
        var values = Enumerable.Range(0, Rows * 256).Select(_ => (float)random.NextDouble()).ToArray();
        var shape = "[" + Rows.ToString(CultureInfo.InvariantCulture) + ",256]";
        var data = string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        _json = Encoding.UTF8.GetBytes("{\"inputs\":[{\"name\":\"input\",\"shape\":" + shape + ",\"datatype\":\"FP32\",\"data\":[" + data + "]}]}");
        var size = (values.Length * 4).ToString(CultureInfo.InvariantCulture);
        var header = Encoding.UTF8.GetBytes("{\"inputs\":[{\"name\":\"input\",\"shape\":" + shape + ",\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":" + size + "}}]}");
        _binaryHeader = header.Length;
        _binary = new byte[header.Length + (values.Length * 4)];
        header.CopyTo(_binary, 0);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(_binary.AsSpan(header.Length + (i * 4)), values[i]);
        }

        _decoded = InferRequestReader.For(_signature).Read(_json);
        _outputs = [Tensor.Create(Enumerable.Range(0, Rows * 10).Select(i => i / 10f).ToArray(), Rows, 10)];
    }

    [Benchmark]
    public Tensor ReadJson() => InferRequestReader.For(_signature).Read(_json).Inputs[0];

    [Benchmark]
    public Tensor ReadBinary() => InferRequestReader.For(_signature).Read(_binary, _binaryHeader).Inputs[0];

    [Benchmark]
    public int WriteJsonResponse()
    {
        _response.Clear();
        InferResponseWriter.Write(_response, "mlp", "1", _decoded, _signature, _outputs);
        return _response.WrittenCount;
    }
}
