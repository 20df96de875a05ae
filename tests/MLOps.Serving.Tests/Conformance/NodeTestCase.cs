using MLOps.Serving.Graph;
using MLOps.Serving.Onnx;
using MLOps.Serving.Onnx.Proto;

namespace MLOps.Serving.Tests.Conformance;

/// <summary>One ONNX backend node test folder: model.onnx and test_data_set_*/input_*.pb, output_*.pb.</summary>
internal sealed class NodeTestCase
{
    private NodeTestCase(string name, string folder)
    {
        Name = name;
        Folder = folder;
    }

    public string Name { get; }

    public string Folder { get; }

    public string ModelPath => Path.Combine(Folder, "model.onnx");

    public static IEnumerable<NodeTestCase> Discover(string root) =>
        Directory.EnumerateDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, "model.onnx")))
            .Order(StringComparer.Ordinal)
            .Select(d => new NodeTestCase(Path.GetFileName(d), d));

    /// <summary>The operators the model uses that the engine does not implement.</summary>
    public IReadOnlyList<string> UnsupportedOperators()
    {
        var model = OnnxProtoReader.ReadModel(File.ReadAllBytes(ModelPath), ModelPath);
        return model.Graph!.Nodes
            .Where(n => !MLOps.Serving.Operators.OperatorRegistry.IsSupported(n.Domain, n.OpType))
            .Select(n => (n.Domain.Length == 0 ? string.Empty : n.Domain + ".") + n.OpType)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    public IEnumerable<(TensorData[] Inputs, TensorData[] Outputs)> DataSets()
    {
        foreach (var set in Directory.EnumerateDirectories(Folder, "test_data_set_*").Order(StringComparer.Ordinal))
        {
            yield return (Read(set, "input"), Read(set, "output"));
        }
    }

    private static TensorData[] Read(string folder, string prefix)
    {
        var files = new List<TensorData>();
        for (var i = 0; ; i++)
        {
            var path = Path.Combine(folder, $"{prefix}_{i}.pb");
            if (!File.Exists(path))
            {
                return [.. files];
            }

            var proto = OnnxProtoReader.ReadTensor(File.ReadAllBytes(path), path);
            files.Add(TensorProtoConverter.ToTensorData(proto, folder, path));
        }
    }
}
