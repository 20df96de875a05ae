using MLOps.Storage;

namespace MLOps.Cli.Commands.Workspace;

/// <summary>What <c>mlops init</c> and <c>mlops workspace info</c> print.</summary>
/// <param name="Workspace">The folder's full path.</param>
/// <param name="Created">Whether this command created the folder.</param>
/// <param name="Provider">The metadata provider.</param>
/// <param name="Database">Where the metadata is (no password).</param>
/// <param name="Migrations">The applied schema versions per module.</param>
/// <param name="Blobs">How many blobs are stored.</param>
/// <param name="BlobBytes">Their total size.</param>
public sealed record WorkspaceDescription(
    string Workspace,
    bool Created,
    string Provider,
    string Database,
    IReadOnlyList<ModuleVersion> Migrations,
    long Blobs,
    long BlobBytes)
{
    /// <summary>Describes an open workspace.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="created">Whether the folder was just created.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The description.</returns>
    public static async Task<WorkspaceDescription> DescribeAsync(MLOpsWorkspace workspace, bool created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var applied = await workspace.GetAppliedMigrationsAsync(cancellationToken);
        var modules = applied.GroupBy(m => m.Module, StringComparer.Ordinal).Select(g => new ModuleVersion(g.Key, g.Max(m => m.Version))).ToList();
        long count = 0;
        long bytes = 0;
        await foreach (var hash in workspace.Blobs.EnumerateAsync(cancellationToken))
        {
            count++;
            bytes += await workspace.Blobs.GetSizeAsync(hash, cancellationToken) ?? 0;
        }

        return new WorkspaceDescription(workspace.RootPath, created, workspace.Dialect.Name, workspace.Database.Description, modules, count, bytes);
    }

    /// <summary>Prints the description for people.</summary>
    /// <param name="output">The output.</param>
    /// <param name="info">The description.</param>
    public static void Print(TextWriter output, WorkspaceDescription info)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(info);
        output.WriteLine($"{(info.Created ? "Created" : "Opened")} workspace {info.Workspace}");
        output.WriteLine($"  metadata: {info.Database}");
        output.WriteLine($"  schema:   {string.Join(", ", info.Migrations.Select(m => $"{m.Module} v{m.Version}"))}");
        output.WriteLine($"  blobs:    {info.Blobs} ({info.BlobBytes} bytes)");
    }
}
