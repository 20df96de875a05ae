using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Serving.Onnx;

namespace MLOps.Cli.Commands.Model;

/// <summary>
/// <c>mlops model synth --mlp 256,512,512,10 --out PATH.onnx [--seed N]</c>: writes a multilayer perceptron
/// with seeded random weights (<see cref="SyntheticModels.Mlp"/>), the same bytes for the same arguments,
/// so load tests and benchmarks can be reproduced without a training run.
/// </summary>
public static class ModelSynthCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var mlp = new Option<string>("--mlp") { Description = "Layer widths, input first, comma-separated (such as 256,512,512,10): Gemm+Relu per hidden layer, then Gemm and Softmax.", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The .onnx file to write (its folder is created if missing).", Required = true };
        var seed = new Option<int>("--seed") { Description = "The weights' seed.", DefaultValueFactory = _ => 3 };
        var command = new Command("synth", "Write a synthetic ONNX model with seeded random weights, for reproducible load tests and benchmarks.") { mlp, output, seed };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var sizes = ParseSizes(context.Get(mlp)!);
            var file = context.Get(output)!;
            var bytes = SyntheticModels.Mlp(sizes, context.Get(seed));
            file.Directory?.Create();
            await File.WriteAllBytesAsync(file.FullName, bytes, cancellationToken);
            var parameters = sizes.Zip(sizes.Skip(1), static (a, b) => ((long)a * b) + b).Sum();
            var written = new SynthResult(file.FullName, sizes, context.Get(seed), bytes.LongLength, parameters);
            context.Write(written, o => o.WriteLine(
                $"wrote {written.Path}: MLP {string.Join("-", written.Layers)}, seed {written.Seed.ToString(CultureInfo.InvariantCulture)}, {written.Parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters, {written.Bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes"));
            return 0;
        });
        return command;
    }

    private static int[] ParseSizes(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] is < 1 or > 1_000_000)
            {
                throw new ValidationException($"--mlp '{value}' must be comma-separated layer widths between 1 and 1000000, such as 256,512,512,10; '{parts[i]}' is not one.");
            }
        }

        if (sizes.Length < 2)
        {
            throw new ValidationException($"--mlp '{value}' needs at least two widths (input and output), such as 256,10.");
        }

        return sizes;
    }

    /// <summary>What <c>mlops model synth</c> wrote.</summary>
    /// <param name="Path">The file.</param>
    /// <param name="Layers">The layer widths.</param>
    /// <param name="Seed">The weights' seed.</param>
    /// <param name="Bytes">The file's size.</param>
    /// <param name="Parameters">Weights and biases.</param>
    private sealed record SynthResult(string Path, IReadOnlyList<int> Layers, int Seed, long Bytes, long Parameters);
}
