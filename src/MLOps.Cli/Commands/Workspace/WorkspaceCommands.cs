using System.CommandLine;
using MLOps.Cli.Hosting;

namespace MLOps.Cli.Commands.Workspace;

/// <summary><c>mlops workspace info</c>: where the workspace keeps its metadata and blobs, and its schema versions.</summary>
public static class WorkspaceCommands
{
    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var info = new Command("info", "Show where the workspace keeps its metadata and blobs, and its schema versions.");
        actions.Set(info, async (context, cancellationToken) =>
        {
            if (!Directory.Exists(context.WorkspacePath))
            {
                throw new NotFoundException($"There is no workspace at {Path.GetFullPath(context.WorkspacePath)}; run 'mlops init' first.");
            }

            await using var workspace = await context.OpenWorkspaceAsync(cancellationToken);
            var description = await WorkspaceDescription.DescribeAsync(workspace, created: false, cancellationToken);
            context.Write(description, output => WorkspaceDescription.Print(output, description));
            return 0;
        });
        return new Command("workspace", "Inspect the workspace.") { info };
    }
}
