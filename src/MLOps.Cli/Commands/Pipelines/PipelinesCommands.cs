using System.CommandLine;
using MLOps.Cli.Hosting;

namespace MLOps.Cli.Commands.Pipelines;

/// <summary><c>mlops pipelines …</c>: pipeline runs recorded in the workspace (see docs/pipelines.md).</summary>
public static class PipelinesCommands
{
    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new Command("pipelines", "Pipeline runs: list, show, bench.");
    }
}
