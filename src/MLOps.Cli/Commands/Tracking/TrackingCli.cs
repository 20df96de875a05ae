using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary>What the tracking command groups share: opening the store, and formatting values for tables.</summary>
internal static class TrackingCli
{
    /// <summary>Opens the tracking store of <c>--workspace</c>; read commands refuse a missing workspace instead of creating one.</summary>
    public static async Task<TrackingStore> OpenAsync(CliContext context, bool create, CancellationToken cancellationToken)
    {
        if (!create && !Directory.Exists(context.WorkspacePath))
        {
            throw new NotFoundException($"There is no workspace at {Path.GetFullPath(context.WorkspacePath)}; run 'mlops init' first.");
        }

        var workspace = await context.OpenWorkspaceAsync(cancellationToken);
        try
        {
            return await TrackingStore.OpenAsync(workspace, cancellationToken: cancellationToken);
        }
        catch
        {
            await workspace.DisposeAsync();
            throw;
        }
    }

    /// <summary>Disposes a store opened by <see cref="OpenAsync"/> and its workspace.</summary>
    public static async ValueTask CloseAsync(TrackingStore store)
    {
        var workspace = store.Workspace;
        try
        {
            await store.DisposeAsync();
        }
        finally
        {
            await workspace.DisposeAsync();
        }
    }

    public static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Format(double? value) => value is { } v ? Format(v) : "-";

    public static string Format(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    public static string Format(TimeSpan? value) => value is { } v ? v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s" : "-";

    public static string Status(RunStatus status) => status.ToString().ToUpperInvariant();

    public static string Status(ModelVersionStatus status) => status.ToString().ToUpperInvariant();
}
