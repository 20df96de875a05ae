using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary><c>mlops experiments list</c>: the experiments of the workspace with their run counts.</summary>
public static class ExperimentsCommands
{
    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var all = new Option<bool>("--all") { Description = "Include soft-deleted experiments." };
        var list = new Command("list", "List experiments by name.") { all };
        actions.Set(list, async (context, cancellationToken) =>
        {
            var tracking = await TrackingCli.OpenAsync(context, create: false, cancellationToken);
            try
            {
                var experiments = await tracking.Experiments.ListAsync(context.Get(all), cancellationToken);
                var views = experiments.Select(e => new
                {
                    experiment_id = e.Id,
                    name = e.Name,
                    created_at = e.CreatedAt,
                    updated_at = e.UpdatedAt,
                    deleted = e.IsDeleted,
                    tags = new SortedDictionary<string, string>(e.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), StringComparer.Ordinal),
                }).ToList();
                context.Write(new { experiments = views }, o => TableWriter.Write(o, ["id", "name", "created", "state"], experiments.Select(e => (IReadOnlyList<string>)
                [
                    e.Id.ToString(CultureInfo.InvariantCulture),
                    e.Name,
                    TrackingCli.Format(e.CreatedAt),
                    e.IsDeleted ? "deleted" : "active",
                ])));
                return 0;
            }
            finally
            {
                await TrackingCli.CloseAsync(tracking);
            }
        });
        return new Command("experiments", "Inspect experiments.") { list };
    }
}
