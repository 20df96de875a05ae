using System.CommandLine;
using MLOps.Cli.Commands.Blobs;
using MLOps.Cli.Commands.Tracking;
using MLOps.Cli.Commands.Workspace;

namespace MLOps.Cli.Hosting;

/// <summary>
/// Builds the <c>mlops</c> command tree and runs it. Errors end with exit code 1 and one line on
/// stderr; <c>--verbose</c> adds the stack trace. Each module contributes its command group from its
/// own folder under <c>Commands/</c>.
/// </summary>
public static class CliApplication
{
    /// <summary>Builds the root command.</summary>
    /// <param name="globals">The global options.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Build(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var root = new RootCommand("mlops: the MLOps lifecycle in your .NET process (workspace, blobs, and each module's commands).");
        globals.AddTo(root);
        var actions = new CommandActions(globals, output, error);
        root.Subcommands.Add(InitCommand.Create(actions));
        root.Subcommands.Add(WorkspaceCommands.Create(actions));
        root.Subcommands.Add(BlobCommands.Create(actions));
        root.Subcommands.Add(MLOps.Cli.Commands.Drift.DriftCommands.Create(actions));
        root.Subcommands.Add(ExperimentsCommands.Create(actions));
        root.Subcommands.Add(RunsCommands.Create(actions));
        root.Subcommands.Add(ModelsCommands.Create(actions));
        root.Subcommands.Add(TrackingCommands.Create(actions));
        root.Subcommands.Add(MLOps.Cli.Commands.Model.ModelCommands.Create(actions));
        root.Subcommands.Add(MLOps.Cli.Commands.Serving.ServeCommand.Create(actions));
        root.Subcommands.Add(MLOps.Cli.Commands.Serving.LoadTestCommand.Create(actions));
        root.Subcommands.Add(MLOps.Cli.Commands.Data.DataCommands.Create(actions));
        root.Subcommands.Add(MLOps.Cli.Commands.Pipelines.PipelinesCommands.Create(actions));
        root.Subcommands.Add(MLOps.Cli.Commands.Features.FeaturesCommands.Create(actions));
        return root;
    }

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code: 0 on success, 1 on error.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var globals = new GlobalOptions();
        var root = Build(globals, output, error);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            await error.WriteLineAsync($"mlops: {parseResult.Errors[0].Message} (see 'mlops --help')");
            return 1;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
