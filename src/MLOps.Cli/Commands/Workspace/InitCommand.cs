using System.CommandLine;
using MLOps.Cli.Hosting;
using MLOps.Storage;

namespace MLOps.Cli.Commands.Workspace;

/// <summary><c>mlops init [--postgres CONNECTION_STRING]</c>: creates (or opens) the workspace and applies migrations.</summary>
public static class InitCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Keep the metadata in PostgreSQL (an Npgsql connection string); recorded in the workspace's config.json so every tool uses it.",
        };
        var command = new Command("init", "Create the workspace folder and its database, or bring an existing one up to date.") { postgres };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var existed = Directory.Exists(context.WorkspacePath);
            if (context.Get(postgres) is { Length: > 0 } connectionString)
            {
                new WorkspaceConfig { Provider = WorkspaceOptions.PostgreSqlProvider, ConnectionString = connectionString }.Write(context.WorkspacePath);
            }

            await using var workspace = await context.OpenWorkspaceAsync(cancellationToken);
            var info = await WorkspaceDescription.DescribeAsync(workspace, created: !existed, cancellationToken);
            context.Write(info, output => WorkspaceDescription.Print(output, info));
            return 0;
        });
        return command;
    }
}
