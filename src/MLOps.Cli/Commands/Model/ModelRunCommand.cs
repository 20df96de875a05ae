using System.CommandLine;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.Serving;
using MLOps.Serving.Graph;
using MLOps.Serving.Onnx;

namespace MLOps.Cli.Commands.Model;

/// <summary>
/// <c>mlops model run MODEL.onnx --input NAME=FILE.pb … --output-dir DIR</c>: reads inputs as
/// TensorProto files and writes each output as <c>DIR/OUTPUT_NAME.pb</c>, so any ONNX tool can
/// compare them. Every ONNX element type goes through, including those the exchange tensor lacks.
/// </summary>
public static class ModelRunCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var model = ModelCommands.ModelArgument();
        var inputs = new Option<string[]>("--input", "-i") { Description = "NAME=FILE.pb: an input as a TensorProto file; repeat per input.", AllowMultipleArgumentsPerToken = false };
        var outputDir = new Option<DirectoryInfo>("--output-dir", "-o") { Description = "Where to write OUTPUT_NAME.pb files (created if missing).", Required = true };
        var threads = ModelCommands.ThreadsOption();
        var command = new Command("run", "Run a model on TensorProto inputs and write its outputs as TensorProto files.") { model, inputs, outputDir, threads };
        actions.Set(command, (context, _) =>
        {
            var path = context.Get(model)!;
            using var loaded = OnnxModel.Load(path.FullName, new InferenceOptions { ThreadCount = context.Get(threads) });
            var given = ParseInputs(context.Get(inputs) ?? []);
            var tensors = new List<TensorData>();
            foreach (var (name, _) in loaded.InputTypes)
            {
                if (!given.Remove(name, out var file))
                {
                    throw new ValidationException($"Input '{name}' is missing; pass --input {name}=FILE.pb. The model's inputs are {string.Join(", ", loaded.InputTypes.Select(i => $"'{i.Name}'"))}.");
                }

                tensors.Add(TensorProtoSerializer.ReadFile(file));
            }

            if (given.Count > 0)
            {
                throw new ValidationException($"The model has no input '{given.Keys.First()}'; its inputs are {string.Join(", ", loaded.InputTypes.Select(i => $"'{i.Name}'"))}.");
            }

            var results = loaded.Run(tensors);
            var directory = context.Get(outputDir)!;
            directory.Create();
            var written = new List<OutputFile>();
            for (var i = 0; i < results.Length; i++)
            {
                var name = loaded.Signature.Outputs[i].Name;
                var file = Path.Combine(directory.FullName, FileName(name) + ".pb");
                TensorProtoSerializer.WriteFile(file, results[i], name);
                written.Add(new OutputFile(name, DataTypes.Name(results[i].Type), results[i].Shape, file));
            }

            context.Write(new { outputs = written }, o =>
            {
                foreach (var output in written)
                {
                    o.WriteLine($"{output.Name}: {output.Type} [{string.Join(", ", output.Shape)}] -> {output.Path}");
                }
            });
            return Task.FromResult(0);
        });
        return command;
    }

    private static Dictionary<string, string> ParseInputs(string[] values)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var separator = value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0 || separator == value.Length - 1)
            {
                throw new ValidationException($"--input '{value}' must be NAME=FILE.pb.");
            }

            if (!inputs.TryAdd(value[..separator], value[(separator + 1)..]))
            {
                throw new ValidationException($"Input '{value[..separator]}' is given twice.");
            }
        }

        return inputs;
    }

    /// <summary>The output name as a file name: characters a file name cannot hold become '_'.</summary>
    private static string FileName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var chars = name.Select(c => invalid.Contains(c) || c == '/' || c == '\\' ? '_' : c).ToArray();
        var result = new string(chars);
        return result is "" or "." or ".." ? "_" + result : result;
    }

    private sealed record OutputFile(string Name, string Type, IReadOnlyList<int> Shape, string Path);
}
