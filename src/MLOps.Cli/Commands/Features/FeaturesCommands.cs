using System.CommandLine;
using MLOps.Cli.Hosting;

namespace MLOps.Cli.Commands.Features;

/// <summary><c>mlops features …</c>: the feature store (see docs/feature-store.md).</summary>
public static class FeaturesCommands
{
    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new Command("features", "Feature store: apply definitions, historical retrieval, materialize, online get, bench.");
    }
}
