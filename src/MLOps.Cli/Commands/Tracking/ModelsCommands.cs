using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary><c>mlops models list|show|alias</c>: the model registry.</summary>
public static class ModelsCommands
{
    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new Command("models", "Inspect registered models and move their aliases.")
        {
            List(actions),
            Show(actions),
            Alias(actions),
        };
    }

    private static Command List(CommandActions actions)
    {
        var command = new Command("list", "List registered models with their latest version and aliases.");
        actions.Set(command, async (context, cancellationToken) =>
        {
            var tracking = await TrackingCli.OpenAsync(context, create: false, cancellationToken);
            try
            {
                var models = await tracking.Models.ListModelsAsync(cancellationToken);
                context.Write(new { models = models.Select(ModelView.Of).ToList() }, o => TableWriter.Write(o, ["name", "latest", "aliases", "updated"], models.Select(m => (IReadOnlyList<string>)
                [
                    m.Name,
                    m.LatestVersion?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    string.Join(' ', m.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}->{a.Value}")),
                    TrackingCli.Format(m.UpdatedAt),
                ])));
                return 0;
            }
            finally
            {
                await TrackingCli.CloseAsync(tracking);
            }
        });
        return command;
    }

    private static Command Show(CommandActions actions)
    {
        var name = new Argument<string>("NAME") { Description = "The model name." };
        var command = new Command("show", "Show a model: its versions (run, artifact, signature, status), aliases and alias history.") { name };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var tracking = await TrackingCli.OpenAsync(context, create: false, cancellationToken);
            try
            {
                var model = await tracking.Models.GetModelAsync(context.Get(name)!, cancellationToken);
                var versions = await tracking.Models.ListVersionsAsync(model.Name, cancellationToken);
                var history = await tracking.Models.GetAliasHistoryAsync(model.Name, cancellationToken: cancellationToken);
                var result = new
                {
                    model = ModelView.Of(model),
                    versions = versions.Select(v => new
                    {
                        version = v.Version,
                        status = TrackingCli.Status(v.Status),
                        run_id = v.RunId,
                        artifact_path = v.ArtifactPath,
                        artifact_hash = v.ArtifactHash?.ToString(),
                        artifact_size = v.ArtifactSize,
                        signature = v.Signature,
                        description = v.Description,
                        created_at = v.CreatedAt,
                        created_by = v.CreatedBy,
                        tags = v.Tags,
                        aliases = v.Aliases,
                    }).ToList(),
                    alias_history = history.Select(h => new { alias = h.Alias, from_version = h.FromVersion, to_version = h.ToVersion, changed_at = h.ChangedAt, changed_by = h.ChangedBy }).ToList(),
                };
                context.Write(result, o =>
                {
                    o.WriteLine($"model {model.Name}{(model.Description is null ? string.Empty : ": " + model.Description)}");
                    TableWriter.Write(o, ["version", "status", "run", "artifact", "signature", "aliases"], versions.Select(v => (IReadOnlyList<string>)
                    [
                        v.Version.ToString(CultureInfo.InvariantCulture),
                        TrackingCli.Status(v.Status),
                        v.RunId ?? "-",
                        v.ArtifactPath ?? v.ArtifactHash?.ToString()[..12] ?? "-",
                        v.Signature is null ? "-" : $"{string.Join(", ", v.Signature.Inputs)} -> {string.Join(", ", v.Signature.Outputs)}",
                        string.Join(' ', v.Aliases),
                    ]));
                    o.WriteLine("alias history:");
                    foreach (var h in history)
                    {
                        o.WriteLine($"  {TrackingCli.Format(h.ChangedAt)}  {h.Alias}: {h.FromVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"} -> {h.ToVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"}  by {h.ChangedBy ?? "-"}");
                    }
                });
                return 0;
            }
            finally
            {
                await TrackingCli.CloseAsync(tracking);
            }
        });
        return command;
    }

    private static Command Alias(CommandActions actions)
    {
        var name = new Argument<string>("NAME") { Description = "The model name." };
        var alias = new Argument<string>("ALIAS") { Description = "The alias, such as champion (not all digits)." };
        var version = new Argument<int>("VERSION") { Description = "The version the alias should point to." };
        var command = new Command("alias", "Point an alias at a version (atomically; the move is kept in the alias history).") { name, alias, version };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var tracking = await TrackingCli.OpenAsync(context, create: false, cancellationToken);
            try
            {
                var change = await tracking.Models.SetAliasAsync(context.Get(name)!, context.Get(alias)!, context.Get(version), cancellationToken: cancellationToken);
                var result = new { model = change.ModelName, alias = change.Alias, from_version = change.FromVersion, to_version = change.ToVersion, changed_at = change.ChangedAt, changed_by = change.ChangedBy };
                context.Write(result, o => o.WriteLine(change.FromVersion == change.ToVersion
                    ? $"{change.ModelName}@{change.Alias} already points to version {change.ToVersion}"
                    : $"{change.ModelName}@{change.Alias}: {change.FromVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"} -> {change.ToVersion}"));
                return 0;
            }
            finally
            {
                await TrackingCli.CloseAsync(tracking);
            }
        });
        return command;
    }
}
