using System.CommandLine;

namespace MLOps.Cli.Hosting;

/// <summary>The options every command accepts, wherever they appear on the line.</summary>
public sealed class GlobalOptions
{
    /// <summary>The workspace folder.</summary>
    public Option<string> Workspace { get; } = new("--workspace", "-w")
    {
        Description = "The workspace folder (created if missing).",
        DefaultValueFactory = _ => ".mlops",
        Recursive = true,
    };

    /// <summary>Machine-readable output.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print exact machine-readable JSON on stdout instead of tables.",
        Recursive = true,
    };

    /// <summary>Stack traces on errors.</summary>
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Print the full stack trace when a command fails.",
        Recursive = true,
    };

    /// <summary>Adds the options to the root command.</summary>
    /// <param name="root">The root command.</param>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Workspace);
        root.Options.Add(Json);
        root.Options.Add(Verbose);
    }
}
