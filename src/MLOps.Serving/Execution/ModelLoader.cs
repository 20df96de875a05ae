using MLOps.Serving.Graph;
using MLOps.Serving.Onnx.Proto;
using MLOps.Serving.Optimizer;

namespace MLOps.Serving.Execution;

/// <summary>Parses, binds and optimizes a model.</summary>
internal static class ModelLoader
{
    public static LoadedModel Load(byte[] bytes, string? baseDirectory, string source, InferenceOptions options)
    {
        var proto = OnnxProtoReader.ReadModel(bytes, source);
        var graph = GraphLoader.Load(proto, baseDirectory, source);
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var opset in proto.OpsetImports)
        {
            opsets[opset.Domain.Length == 0 ? "ai.onnx" : opset.Domain] = opset.Version;
        }

        var histogram = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            var key = node.Domain.Length == 0 ? node.OpType : node.Domain + "." + node.OpType;
            histogram[key] = histogram.GetValueOrDefault(key) + 1;
        }

        var parameters = graph.Values.Values.Where(v => v.Constant is not null).Sum(v => (long)v.Constant!.Length);
        if (options.Optimize)
        {
            GraphOptimizer.Optimize(graph);
        }

        foreach (var node in graph.Nodes)
        {
            node.Operator.Prepare();
        }

        var producer = (proto.ProducerName + " " + proto.ProducerVersion).Trim();
        return new LoadedModel(graph, opsets, histogram, parameters, proto.IrVersion, producer);
    }
}
