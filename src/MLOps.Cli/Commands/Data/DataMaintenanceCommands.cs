using System.CommandLine;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.DataVersioning;
using MLOps.Lineage;
using MLOps.Tracking;

namespace MLOps.Cli.Commands.Data;

/// <summary><c>mlops data status|push|pull|gc|verify|used-by</c>.</summary>
internal static class DataMaintenanceCommands
{
    public static Command Status(CommandActions actions)
    {
        var path = new Argument<string>("PATH") { Description = "The working folder." };
        var dataset = new Option<string>("--dataset", "-d") { Description = "The dataset's name.", Required = true };
        var branch = new Option<string?>("--branch", "-b") { Description = "The branch (default: main)." };
        var command = new Command("status", "List files added, modified and deleted in a folder since the branch's head (unchanged files are not read).") { path, dataset, branch };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: true, cancellationToken, async repository =>
        {
            var status = await repository.StatusAsync(context.Get(path)!, context.Get(dataset)!, context.Get(branch), cancellationToken);
            var json = new StatusJson(status.Head?.ToString(), status.Added, status.Modified, status.Deleted, [.. status.Renamed.Select(r => new RenameJson(r.From, r.To))], status.Files, status.Bytes, status.FilesRead, status.IsClean);
            context.Write(json, o =>
            {
                if (status.IsClean)
                {
                    o.WriteLine($"clean: {status.Files} files, {DataCli.FormatBytes(status.Bytes)} ({status.FilesRead} read)");
                    return;
                }

                DataCli.WriteChanges(o, status.Added, status.Modified, status.Deleted, status.Renamed);
            });
            return 0;
        }));
        return command;
    }

    public static Command Push(CommandActions actions)
    {
        var remote = new Option<string>("--remote", "-r") { Description = "The remote folder.", Required = true };
        var dataset = new Option<string?>("--dataset", "-d") { Description = "The dataset (default: every dataset)." };
        var force = new Option<bool>("--force", "-f") { Description = "Move remote branches even when they are not ancestors of the local heads." };
        var command = new Command("push", "Send datasets' refs and the objects the remote lacks (resumable; only missing objects move).") { remote, dataset, force };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: false, cancellationToken, async repository =>
        {
            var result = await repository.PushAsync(new DirectoryRemote(context.Get(remote)!), context.Get(dataset), context.Get(force), cancellationToken);
            return WriteTransfer(context, result, "sent");
        }));
        return command;
    }

    public static Command Pull(CommandActions actions)
    {
        var remote = new Option<string>("--remote", "-r") { Description = "The remote folder.", Required = true };
        var dataset = new Option<string?>("--dataset", "-d") { Description = "The dataset (default: every dataset the remote has)." };
        var command = new Command("pull", "Fetch datasets' refs and the objects this workspace lacks, verifying every hash; fast-forwards branches.") { remote, dataset };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: true, cancellationToken, async repository =>
        {
            var result = await repository.PullAsync(new DirectoryRemote(context.Get(remote)!), context.Get(dataset), cancellationToken);
            return WriteTransfer(context, result, "fetched");
        }));
        return command;
    }

    public static Command Gc(CommandActions actions)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Remove the objects; without it, only report (dry run)." };
        var grace = new Option<double>("--grace-minutes") { Description = "Keep unreachable objects younger than this (a commit in progress elsewhere). Default 60.", DefaultValueFactory = _ => 60 };
        var command = new Command("gc", "Remove objects no branch or tag reaches (dry run unless --force).") { force, grace };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: false, cancellationToken, async repository =>
        {
            var options = new GarbageCollectionOptions { DryRun = !context.Get(force), GracePeriod = TimeSpan.FromMinutes(context.Get(grace)) };
            var result = await repository.CollectGarbageAsync(options, cancellationToken);
            var json = new GcJson(result.Objects, result.Reachable, result.Removed, result.RemovedBytes, [.. result.RemovedCommits.Select(c => c.ToString())], result.DryRun);
            context.Write(json, o => o.WriteLine(
                $"{(result.DryRun ? "would remove" : "removed")} {result.Removed} of {result.Objects} objects ({DataCli.FormatBytes(result.RemovedBytes)}), {result.RemovedCommits.Count} commits{(result.DryRun ? "; pass --force to remove them" : string.Empty)}"));
            return 0;
        }));
        return command;
    }

    public static Command Verify(CommandActions actions)
    {
        var command = new Command("verify", "Re-hash every object and walk every branch and tag; exit 1 naming what is missing or damaged.");
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: false, cancellationToken, async repository =>
        {
            var result = await repository.VerifyAsync(cancellationToken);
            context.Write(new VerifyJson(result.Objects, result.Refs, result.Reachable, result.Problems, result.IsHealthy), o =>
            {
                foreach (var problem in result.Problems)
                {
                    o.WriteLine("error: " + problem);
                }

                o.WriteLine($"{result.Objects} objects checked, {result.Refs} refs walked ({result.Reachable} objects reachable): {(result.IsHealthy ? "ok" : $"{result.Problems.Count} problems")}");
            });
            return result.IsHealthy ? 0 : 1;
        }));
        return command;
    }

    public static Command UsedBy(CommandActions actions)
    {
        var reference = new Argument<string>("REF") { Description = "A commit id (or a prefix of 7+ hex digits), NAME, NAME@BRANCH or NAME@TAG." };
        var command = new Command("used-by", "List the tracking runs that recorded this dataset version as an input (dataset:NAME@COMMIT).") { reference };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: false, cancellationToken, async repository =>
        {
            var id = await repository.ResolveAsync(context.Get(reference)!, cancellationToken);
            var commit = await repository.GetCommitAsync(id, cancellationToken);
            await using var workspace = await context.OpenWorkspaceAsync(cancellationToken);
            var tracking = await TrackingStore.OpenAsync(workspace, cancellationToken: cancellationToken);
            var full = id.ToString();
            var runs = (await tracking.Lineage.FindRunsUsingDatasetAsync(commit.Dataset, cancellationToken))
                .Where(r => r.Inputs.Any(i => i.Reference is DatasetReference d && string.Equals(d.Name, commit.Dataset, StringComparison.Ordinal)
                    && d.Commit.Length >= DataRepository.MinPrefixLength && full.StartsWith(d.Commit, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            var json = runs.Select(r => new UsedByJson(r.Id, r.Name, r.ExperimentId, r.Status.ToString().ToLowerInvariant(), r.StartTime)).ToList();
            context.Write(new { dataset = commit.Dataset, commit = full, runs = json }, o =>
            {
                if (runs.Count == 0)
                {
                    o.WriteLine($"no runs used {commit.Dataset}@{DataCli.Short(id)}");
                    return;
                }

                TableWriter.Write(o, ["run", "name", "experiment", "status", "started"], json.Select(r => (IReadOnlyList<string>)
                    [r.Id, r.Name ?? string.Empty, r.ExperimentId.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Status, DataCli.Format(r.Started)]));
            });
            return 0;
        }));
        return command;
    }

    private static int WriteTransfer(CliContext context, TransferResult result, string verb)
    {
        var json = new TransferJson(result.Datasets, result.Objects, result.Bytes, result.Skipped, result.RefsUpdated, result.RefsRejected);
        context.Write(json, o =>
        {
            o.WriteLine($"{verb} {result.Objects} objects ({DataCli.FormatBytes(result.Bytes)}) for {string.Join(", ", result.Datasets)}; {result.Skipped} already there");
            foreach (var updated in result.RefsUpdated)
            {
                o.WriteLine("updated  " + updated);
            }

            foreach (var rejected in result.RefsRejected)
            {
                o.WriteLine("rejected " + rejected);
            }
        });
        return result.RefsRejected.Count == 0 ? 0 : 1;
    }

    private sealed record StatusJson(string? Head, IReadOnlyList<string> Added, IReadOnlyList<string> Modified, IReadOnlyList<string> Deleted, IReadOnlyList<RenameJson> Renamed, int Files, long Bytes, int FilesRead, bool Clean);

    private sealed record RenameJson(string From, string To);

    private sealed record TransferJson(IReadOnlyList<string> Datasets, int Objects, long Bytes, int Skipped, IReadOnlyList<string> RefsUpdated, IReadOnlyList<string> RefsRejected);

    private sealed record GcJson(int Objects, int Reachable, int Removed, long RemovedBytes, IReadOnlyList<string> RemovedCommits, bool DryRun);

    private sealed record VerifyJson(int Objects, int Refs, int Reachable, IReadOnlyList<string> Problems, bool Healthy);

    private sealed record UsedByJson(string Id, string? Name, long ExperimentId, string Status, DateTimeOffset Started);
}
