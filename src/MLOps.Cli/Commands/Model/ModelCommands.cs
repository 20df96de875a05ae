using System.CommandLine;
using MLOps.Cli.Hosting;

namespace MLOps.Cli.Commands.Model;

/// <summary><c>mlops model inspect|run|bench|synth</c>: ONNX models on the managed CPU engine.</summary>
public static class ModelCommands
{
    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new Command("model", "Inspect, run, benchmark and synthesize ONNX models on the CPU engine.")
        {
            ModelInspectCommand.Create(actions),
            ModelRunCommand.Create(actions),
            ModelBenchCommand.Create(actions),
            ModelSynthCommand.Create(actions),
        };
    }

    /// <summary>The model file argument every subcommand takes.</summary>
    /// <returns>The argument.</returns>
    internal static Argument<FileInfo> ModelArgument() => new("MODEL") { Description = "The .onnx model file." };

    /// <summary>The --threads option.</summary>
    /// <returns>The option.</returns>
    internal static Option<int?> ThreadsOption() => new("--threads", "-t") { Description = "Kernel threads per call (default: one per physical core)." };
}
