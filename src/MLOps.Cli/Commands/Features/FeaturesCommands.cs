using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.FeatureStore;

namespace MLOps.Cli.Commands.Features;

/// <summary>
/// <c>mlops features apply|plan|list|historical|materialize|get|bench</c>: the feature store (see
/// docs/feature-store.md). Definitions come from a YAML file; the workspace holds the registry and the
/// online store.
/// </summary>
public static class FeaturesCommands
{
    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new Command("features", "Feature store: apply definitions, historical retrieval, materialize, online get, bench.")
        {
            ApplyOrPlan(actions, apply: true),
            ApplyOrPlan(actions, apply: false),
            List(actions),
            Historical(actions),
            Materialize(actions),
            Get(actions),
            FeaturesBenchCommand.Create(actions),
        };
    }

    private static Command ApplyOrPlan(CommandActions actions, bool apply)
    {
        var file = new Argument<string>("FILE") { Description = "The definitions (YAML)." };
        var command = apply
            ? new Command("apply", "Check definitions against their data and record them in the workspace's registry.") { file }
            : new Command("plan", "Show what apply would add, change and remove, without changing anything.") { file };
        actions.Set(command, (context, cancellationToken) => FeaturesCli.WithStoreAsync(context, cancellationToken, async store =>
        {
            var definitions = FeatureYaml.Load(context.Get(file)!);
            var plan = apply ? await store.ApplyAsync(definitions, cancellationToken) : await store.PlanAsync(definitions, cancellationToken);
            context.Write(new PlanJson(apply, plan.Version, plan.Added, plan.Changed, plan.Removed, plan.Unchanged), o =>
            {
                o.WriteLine(apply ? $"registry version {plan.Version}" : $"plan for registry version {plan.Version} (nothing written)");
                foreach (var (sign, items) in new[] { ("+", plan.Added), ("~", plan.Changed), ("-", plan.Removed) })
                {
                    foreach (var item in items)
                    {
                        o.WriteLine($"  {sign} {item}");
                    }
                }

                if (plan.IsEmpty)
                {
                    o.WriteLine("  no changes");
                }
            });
            return 0;
        }));
        return command;
    }

    private static Command List(CommandActions actions)
    {
        var command = new Command("list", "List the registered definitions.");
        actions.Set(command, (context, cancellationToken) => FeaturesCli.WithStoreAsync(context, cancellationToken, async store =>
        {
            var items = await store.ListAsync(cancellationToken);
            context.Write(
                new { definitions = items.Select(d => new DefinitionJson(d.Kind, d.Name, d.Version, d.AppliedAt)).ToList() },
                o => TableWriter.Write(o, ["kind", "name", "version", "applied"], items.Select(d => (IReadOnlyList<string>)
                    [d.Kind, d.Name, d.Version.ToString(CultureInfo.InvariantCulture), d.AppliedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)])));
            return 0;
        }));
        return command;
    }

    private static Command Historical(CommandActions actions)
    {
        var definitions = new Option<string>("--definitions") { Description = "The definitions (YAML).", Required = true };
        var entities = new Option<string>("--entities") { Description = "The entity rows (CSV: join keys, event_timestamp, other columns).", Required = true };
        var service = new Option<string?>("--service") { Description = "The feature service whose features to join." };
        var features = new Option<string?>("--features") { Description = "Features to join, view:feature,…" };
        var output = new Option<string>("--out") { Description = "The output CSV.", Required = true };
        var command = new Command("historical", "Point-in-time join of entity rows with features, streamed to a CSV file.") { definitions, entities, service, features, output };
        actions.Set(command, (context, cancellationToken) => FeaturesCli.WithStoreAsync(context, cancellationToken, async store =>
        {
            store.Use(FeatureYaml.Load(context.Get(definitions)!));
            var references = FeaturesCli.Features(store, context.Get(service), context.Get(features));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var rows = await store.WriteHistoricalFeaturesAsync(context.Get(entities)!, references, context.Get(output)!, cancellationToken);
            var json = new HistoricalJson(rows, Path.GetFullPath(context.Get(output)!), [.. references.Select(r => r.ColumnName)], Math.Round(watch.Elapsed.TotalMilliseconds, 1));
            context.Write(json, o => o.WriteLine($"{rows} rows with {references.Count} features -> {json.Out} ({json.Ms} ms)"));
            return 0;
        }));
        return command;
    }

    private static Command Materialize(CommandActions actions)
    {
        var definitions = new Option<string>("--definitions") { Description = "The definitions (YAML); applied first.", Required = true };
        var start = new Option<string?>("--start") { Description = "Range start, ISO 8601 (inclusive)." };
        var end = new Option<string>("--end") { Description = "Range end, ISO 8601 (exclusive).", Required = true };
        var incremental = new Option<bool>("--incremental") { Description = "Start each view at its watermark." };
        var chunk = new Option<int>("--chunk-rows") { Description = "Source rows per committed chunk.", DefaultValueFactory = _ => 50_000 };
        var command = new Command("materialize", "Copy feature rows in a time range to the online store (resumable).") { definitions, start, end, incremental, chunk };
        actions.Set(command, (context, cancellationToken) => FeaturesCli.WithStoreAsync(context, new FeatureStoreOptions { MaterializeChunkRows = context.Get(chunk) }, cancellationToken, async store =>
        {
            await store.ApplyAsync(FeatureYaml.Load(context.Get(definitions)!), cancellationToken);
            var endTime = FeaturesCli.ParseTime(context.Get(end)!, "--end");
            IReadOnlyList<MaterializationResult> results;
            if (context.Get(incremental))
            {
                results = await store.MaterializeIncrementalAsync(endTime, cancellationToken);
            }
            else
            {
                var startText = context.Get(start) ?? throw new ValidationException("Give --start (or --incremental).");
                results = await store.MaterializeAsync(FeaturesCli.ParseTime(startText, "--start"), endTime, cancellationToken);
            }

            context.Write(
                new { views = results.Select(r => new MaterializedJson(r.View, r.Start, r.End, r.RowsRead, r.RowsWritten, r.ChunksResumed)).ToList() },
                o => TableWriter.Write(o, ["view", "start", "end", "read", "written", "resumed chunks"], results.Select(r => (IReadOnlyList<string>)
                    [r.View, r.Start.ToString("O", CultureInfo.InvariantCulture), r.End.ToString("O", CultureInfo.InvariantCulture), r.RowsRead.ToString(CultureInfo.InvariantCulture), r.RowsWritten.ToString(CultureInfo.InvariantCulture), r.ChunksResumed.ToString(CultureInfo.InvariantCulture)])));
            return 0;
        }));
        return command;
    }

    private static Command Get(CommandActions actions)
    {
        var service = new Option<string>("--service") { Description = "The feature service.", Required = true };
        var entity = new Option<string[]>("--entity") { Description = "One entity: key=value[,key=value…]; repeat for more entities.", Required = true, AllowMultipleArgumentsPerToken = true };
        var command = new Command("get", "Read online features of a feature service for entities.") { service, entity };
        actions.Set(command, (context, cancellationToken) => FeaturesCli.WithStoreAsync(context, cancellationToken, async store =>
        {
            var entities = context.Get(entity)!.Select(FeaturesCli.ParseEntity).ToList();
            var result = await store.GetOnlineFeaturesAsync(context.Get(service)!, entities, cancellationToken);
            var rows = Enumerable.Range(0, result.RowCount).Select(r => result.FeatureNames.Select((name, f) => (name, value: result[r, f]))
                .ToDictionary(p => p.name, p => new ValueJson(p.value.Value, FeaturesCli.StatusName(p.value.Status), p.value.EventTimestamp), StringComparer.Ordinal)).ToList();
            context.Write(new { features = result.FeatureNames, rows }, o => TableWriter.Write(o, ["entity", "feature", "value", "status", "event_timestamp"],
                Enumerable.Range(0, result.RowCount).SelectMany(r => result.FeatureNames.Select((name, f) => (IReadOnlyList<string>)
                    [context.Get(entity)![r], name, Convert.ToString(result[r, f].Value, CultureInfo.InvariantCulture) ?? string.Empty, FeaturesCli.StatusName(result[r, f].Status), result[r, f].EventTimestamp?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty]))));
            return 0;
        }));
        return command;
    }

    private sealed record PlanJson(bool Applied, long Version, IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed, IReadOnlyList<string> Unchanged);

    private sealed record DefinitionJson(string Kind, string Name, long Version, DateTimeOffset AppliedAt);

    private sealed record HistoricalJson(long Rows, string Out, IReadOnlyList<string> Features, double Ms);

    private sealed record MaterializedJson(string View, DateTimeOffset Start, DateTimeOffset End, long RowsRead, long RowsWritten, int ChunksResumed);

    private sealed record ValueJson(object? Value, string Status, DateTimeOffset? EventTimestamp);
}
