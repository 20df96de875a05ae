using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.Serving;

namespace MLOps.Cli.Commands.Model;

/// <summary><c>mlops model inspect MODEL.onnx</c>: signature, opsets, operator histogram, parameter count.</summary>
public static class ModelInspectCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var model = ModelCommands.ModelArgument();
        var command = new Command("inspect", "Print a model's signature, opsets, operator histogram and parameter count.") { model };
        actions.Set(command, (context, _) =>
        {
            var path = context.Get(model)!;
            using var loaded = OnnxModel.Load(path.FullName, new InferenceOptions { ThreadCount = 1 });
            var description = new ModelDescription(
                path.FullName,
                loaded.Producer,
                loaded.IrVersion,
                loaded.OpsetImports,
                [.. loaded.Signature.Inputs.Select(TensorView.From)],
                [.. loaded.Signature.Outputs.Select(TensorView.From)],
                loaded.OperatorHistogram,
                loaded.OperatorHistogram.Values.Sum(),
                loaded.OptimizedNodeCount,
                loaded.ParameterCount);
            context.Write(description, o => Print(o, description));
            return Task.FromResult(0);
        });
        return command;
    }

    private static void Print(TextWriter output, ModelDescription model)
    {
        output.WriteLine($"{model.Path}");
        output.WriteLine($"producer {(model.Producer.Length == 0 ? "(unknown)" : model.Producer)}, IR version {model.IrVersion}, opsets {string.Join(", ", model.Opsets.Select(p => $"{p.Key} {p.Value}"))}");
        output.WriteLine($"{model.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters, {model.Nodes} nodes ({model.OptimizedNodes} after optimization)");
        output.WriteLine();
        TableWriter.Write(output, ["", "name", "type", "shape"], model.Inputs.Select(i => (IReadOnlyList<string>)["input", i.Name, i.Type, "[" + string.Join(", ", i.Shape) + "]"])
            .Concat(model.Outputs.Select(o => (IReadOnlyList<string>)["output", o.Name, o.Type, "[" + string.Join(", ", o.Shape) + "]"])));
        output.WriteLine();
        TableWriter.Write(output, ["operator", "count"], model.Operators.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (IReadOnlyList<string>)[p.Key, p.Value.ToString(CultureInfo.InvariantCulture)]));
    }

    private sealed record ModelDescription(
        string Path,
        string Producer,
        long IrVersion,
        IReadOnlyDictionary<string, long> Opsets,
        IReadOnlyList<TensorView> Inputs,
        IReadOnlyList<TensorView> Outputs,
        IReadOnlyDictionary<string, int> Operators,
        int Nodes,
        int OptimizedNodes,
        long ParameterCount);
}
