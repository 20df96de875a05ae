using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.DataVersioning;

namespace MLOps.Cli.Commands.Data;

/// <summary>
/// <c>mlops data commit|status|log|show|tag|branch|checkout|diff|push|pull|gc|verify|used-by</c>: versioned datasets in the workspace
/// (see docs/data-versioning.md). References are a commit id (or a prefix of at least 7 hex digits),
/// <c>NAME</c>, <c>NAME@BRANCH</c> or <c>NAME@TAG</c>.
/// </summary>
public static class DataCommands
{
    private const string RefHelp = "A commit id (or a prefix of 7+ hex digits), NAME, NAME@BRANCH or NAME@TAG.";

    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new Command("data", "Version datasets: commit folders, tag and branch them, check them out, diff them.")
        {
            CommitCommand(actions),
            Log(actions),
            Show(actions),
            Tag(actions),
            Branch(actions),
            Checkout(actions),
            Diff(actions),
            DataMaintenanceCommands.Status(actions),
            DataMaintenanceCommands.Push(actions),
            DataMaintenanceCommands.Pull(actions),
            DataMaintenanceCommands.Gc(actions),
            DataMaintenanceCommands.Verify(actions),
            DataMaintenanceCommands.UsedBy(actions),
        };
    }

    private static Command CommitCommand(CommandActions actions)
    {
        var path = new Argument<string>("PATH") { Description = "The folder to commit." };
        var dataset = new Option<string>("--dataset", "-d") { Description = "The dataset's name.", Required = true };
        var message = new Option<string>("--message", "-m") { Description = "The commit message.", Required = true };
        var branch = new Option<string>("--branch", "-b") { Description = "The branch to commit to.", DefaultValueFactory = _ => DataRepository.DefaultBranch };
        var author = new Option<string?>("--author") { Description = "The author (default: the user name)." };
        var meta = new Option<string[]>("--meta") { Description = "KEY=VALUE metadata, repeatable." };
        var command = new Command("commit", "Commit a folder as the next version of a dataset.") { path, dataset, message, branch, author, meta };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: true, cancellationToken, async repository =>
        {
            var name = context.Get(dataset)!;
            var branchName = context.Get(branch) ?? DataRepository.DefaultBranch;
            var options = new CommitOptions { Branch = branchName, Author = context.Get(author), Metadata = DataCli.ParsePairs(context.Get(meta), "--meta") };
            var result = await repository.CommitAsync(context.Get(path)!, name, context.Get(message) ?? string.Empty, options, cancellationToken);
            var json = new CommitJson(result.CommitId.ToString(), name, branchName, result.Files, result.Bytes, result.NewBytes, result.Unchanged);
            context.Write(json, o => o.WriteLine(result.Unchanged
                ? $"{name}@{branchName} unchanged at {DataCli.Short(result.CommitId)} ({result.Files} files, {DataCli.FormatBytes(result.Bytes)})"
                : $"{name}@{branchName} {DataCli.Short(result.CommitId)}: {result.Files} files, {DataCli.FormatBytes(result.Bytes)} ({DataCli.FormatBytes(result.NewBytes)} new)"));
            return 0;
        }));
        return command;
    }

    private static Command Log(CommandActions actions)
    {
        var dataset = new Argument<string>("NAME") { Description = "The dataset." };
        var branch = new Option<string?>("--branch", "-b") { Description = "The branch (default: main)." };
        var command = new Command("log", "List a branch's commits, newest first.") { dataset, branch };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: false, cancellationToken, async repository =>
        {
            var commits = await repository.LogAsync(context.Get(dataset)!, context.Get(branch), cancellationToken);
            var json = commits.Select(c => new LogEntryJson(c.Id.ToString(), c.Time, c.Author, c.Message)).ToList();
            context.Write(new { commits = json }, o => TableWriter.Write(o, ["commit", "time", "author", "message"], commits.Select(c => (IReadOnlyList<string>)
                [DataCli.Short(c.Id), DataCli.Format(c.Time), c.Author, c.Message.ReplaceLineEndings(" ")])));
            return 0;
        }));
        return command;
    }

    private static Command Show(CommandActions actions)
    {
        var reference = new Argument<string>("REF") { Description = RefHelp };
        var command = new Command("show", "Show a commit: its tree, parents, message, author, time, metadata and file count.") { reference };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: false, cancellationToken, async repository =>
        {
            var id = await repository.ResolveAsync(context.Get(reference)!, cancellationToken);
            var commit = await repository.GetCommitAsync(id, cancellationToken);
            var (files, bytes) = await DataCli.CountAsync(repository, commit.Tree, cancellationToken);
            var metadata = commit.Metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var json = new ShowJson(id.ToString(), commit.Dataset, commit.Tree.ToString(), [.. commit.Parents.Select(p => p.ToString())], commit.Message, commit.Author, commit.Time, metadata, files, bytes);
            context.Write(json, o =>
            {
                o.WriteLine($"commit   {id}");
                o.WriteLine($"dataset  {commit.Dataset}");
                o.WriteLine($"tree     {commit.Tree}");
                foreach (var parent in commit.Parents)
                {
                    o.WriteLine($"parent   {parent}");
                }

                o.WriteLine($"author   {commit.Author}");
                o.WriteLine($"time     {DataCli.Format(commit.Time)}");
                o.WriteLine($"files    {files.ToString(CultureInfo.InvariantCulture)} ({DataCli.FormatBytes(bytes)})");
                foreach (var pair in commit.Metadata)
                {
                    o.WriteLine($"meta     {pair.Key}={pair.Value}");
                }

                o.WriteLine();
                o.WriteLine("    " + commit.Message.ReplaceLineEndings(Environment.NewLine + "    "));
            });
            return 0;
        }));
        return command;
    }

    private static Command Tag(CommandActions actions)
    {
        var dataset = new Argument<string>("NAME") { Description = "The dataset." };
        var reference = new Argument<string>("REF") { Description = "The commit to tag: " + RefHelp };
        var tag = new Argument<string>("TAG") { Description = "The tag's name (tags are immutable)." };
        var command = new Command("tag", "Tag a commit of a dataset.") { dataset, reference, tag };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: false, cancellationToken, async repository =>
        {
            var name = context.Get(dataset)!;
            var tagName = context.Get(tag)!;
            var id = await repository.TagAsync(name, context.Get(reference)!, tagName, cancellationToken);
            context.Write(new RefJson(name, tagName, id.ToString()), o => o.WriteLine($"{name}@{tagName} -> {DataCli.Short(id)}"));
            return 0;
        }));
        return command;
    }

    private static Command Branch(CommandActions actions)
    {
        var dataset = new Argument<string>("NAME") { Description = "The dataset." };
        var branch = new Argument<string>("NEW_BRANCH") { Description = "The new branch's name." };
        var from = new Argument<string>("FROM_REF") { Description = "Where it starts: " + RefHelp };
        var command = new Command("branch", "Create a branch of a dataset at a commit.") { dataset, branch, from };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: false, cancellationToken, async repository =>
        {
            var name = context.Get(dataset)!;
            var branchName = context.Get(branch)!;
            var id = await repository.CreateBranchAsync(name, branchName, context.Get(from)!, cancellationToken);
            context.Write(new RefJson(name, branchName, id.ToString()), o => o.WriteLine($"{name}@{branchName} -> {DataCli.Short(id)}"));
            return 0;
        }));
        return command;
    }

    private static Command Checkout(CommandActions actions)
    {
        var reference = new Argument<string>("REF") { Description = RefHelp };
        var to = new Option<string>("--to") { Description = "The folder to write the files into (created if missing).", Required = true };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite files whose content differs (local changes)." };
        var link = new Option<string>("--link") { Description = "copy (default), hardlink, reflink or symlink; linked files are read-only.", DefaultValueFactory = _ => "copy" };
        link.AcceptOnlyFromAmong("copy", "hardlink", "reflink", "symlink");
        var command = new Command("checkout", "Write a commit's files into a folder; files not in the commit are left alone.") { reference, to, force, link };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: false, cancellationToken, async repository =>
        {
            var mode = Enum.Parse<CheckoutLink>(context.Get(link) ?? "copy", ignoreCase: true);
            var result = await repository.CheckoutAsync(context.Get(reference)!, context.Get(to)!, new CheckoutOptions { Force = context.Get(force), Link = mode }, cancellationToken);
            var json = new CheckoutJson(result.CommitId.ToString(), result.FilesWritten, result.FilesUnchanged, result.BytesWritten, mode.ToString().ToLowerInvariant(), result.CopiedInsteadOfCloned);
            context.Write(json, o => o.WriteLine(
                $"checked out {DataCli.Short(result.CommitId)} ({json.Link}): {result.FilesWritten} files written ({DataCli.FormatBytes(result.BytesWritten)}), {result.FilesUnchanged} unchanged"));
            return 0;
        }));
        return command;
    }

    private static Command Diff(CommandActions actions)
    {
        var from = new Argument<string>("REF1") { Description = "The older commit: " + RefHelp };
        var to = new Argument<string>("REF2") { Description = "The newer commit: " + RefHelp };
        var command = new Command("diff", "List the files added, removed, modified and renamed between two commits.") { from, to };
        actions.Set(command, (context, cancellationToken) => DataCli.WithRepositoryAsync(context, create: false, cancellationToken, async repository =>
        {
            var diff = await repository.DiffAsync(context.Get(from)!, context.Get(to)!, cancellationToken: cancellationToken);
            var csv = diff.CsvRows.Select(r => new CsvRowsJson(r.Path, r.RowsBefore, r.RowsAfter, r.RowsAdded, r.RowsRemoved, r.HeaderChanged)).ToList();
            var json = new DiffJson(diff.Added, diff.Removed, diff.Modified, [.. diff.Renamed.Select(r => new RenameJson(r.From, r.To))], diff.BytesChanged, csv);
            context.Write(json, o =>
            {
                if (diff.IsEmpty)
                {
                    o.WriteLine("no differences");
                    return;
                }

                DataCli.WriteChanges(o, diff.Added, diff.Modified, diff.Removed, diff.Renamed);

                foreach (var rows in diff.CsvRows)
                {
                    o.WriteLine($"   {rows.Path}: {rows.RowsBefore} -> {rows.RowsAfter} rows, +{rows.RowsAdded} -{rows.RowsRemoved}{(rows.HeaderChanged ? ", header changed" : string.Empty)}");
                }

                o.WriteLine($"{DataCli.FormatBytes(diff.BytesChanged)} changed");
            });
            return 0;
        }));
        return command;
    }

    private sealed record CommitJson(string Commit, string Dataset, string Branch, int Files, long Bytes, long NewBytes, bool Unchanged);

    private sealed record LogEntryJson(string Id, DateTimeOffset Time, string Author, string Message);

    private sealed record ShowJson(string Id, string Dataset, string Tree, IReadOnlyList<string> Parents, string Message, string Author, DateTimeOffset Time, IReadOnlyDictionary<string, string> Metadata, int Files, long Bytes);

    private sealed record RefJson(string Dataset, string Name, string Commit);

    private sealed record CheckoutJson(string Commit, int FilesWritten, int FilesUnchanged, long BytesWritten, string Link, int CopiedInsteadOfCloned);

    private sealed record DiffJson(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Modified, IReadOnlyList<RenameJson> Renamed, long BytesChanged, IReadOnlyList<CsvRowsJson> Csv);

    private sealed record CsvRowsJson(string Path, long RowsBefore, long RowsAfter, long RowsAdded, long RowsRemoved, bool HeaderChanged);

    private sealed record RenameJson(string From, string To);
}
