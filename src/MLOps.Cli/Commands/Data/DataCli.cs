using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.DataVersioning;
using MLOps.Storage;

namespace MLOps.Cli.Commands.Data;

/// <summary>What the data commands share: opening the repository, and formatting values for people.</summary>
internal static class DataCli
{
    /// <summary>Opens the workspace and its data repository, runs the work, and disposes the workspace.</summary>
    public static async Task<int> WithRepositoryAsync(CliContext context, bool create, CancellationToken cancellationToken, Func<DataRepository, Task<int>> work)
    {
        if (!create && !Directory.Exists(context.WorkspacePath))
        {
            throw new NotFoundException($"There is no workspace at {Path.GetFullPath(context.WorkspacePath)}; run 'mlops init' or 'mlops data commit' first.");
        }

        await using var workspace = await context.OpenWorkspaceAsync(cancellationToken);
        var repository = await DataRepository.OpenAsync(workspace, cancellationToken: cancellationToken);
        return await work(repository);
    }

    /// <summary>The first 12 hex digits of an id, for tables.</summary>
    public static string Short(ContentHash id) => id.ToString()[..12];

    public static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };

    /// <summary>Counts the files of a tree and the bytes they hold, walking its subtrees.</summary>
    public static async Task<(int Files, long Bytes)> CountAsync(DataRepository repository, ContentHash tree, CancellationToken cancellationToken)
    {
        var files = 0;
        long bytes = 0;
        var pending = new Stack<ContentHash>();
        pending.Push(tree);
        while (pending.TryPop(out var hash))
        {
            foreach (var entry in (await repository.GetTreeAsync(hash, cancellationToken)).Entries)
            {
                if (entry.Kind == TreeEntryKind.Directory)
                {
                    pending.Push(entry.Hash);
                }
                else
                {
                    files++;
                    bytes += entry.Size;
                }
            }
        }

        return (files, bytes);
    }

    /// <summary>Writes changed paths git-style: <c>A</c>dded, <c>M</c>odified, <c>D</c>eleted, <c>R</c>enamed.</summary>
    public static void WriteChanges(TextWriter output, IReadOnlyList<string> added, IReadOnlyList<string> modified, IReadOnlyList<string> deleted, IReadOnlyList<RenamedPath> renamed)
    {
        foreach (var (mark, paths) in new[] { ("A  ", added), ("M  ", modified), ("D  ", deleted) })
        {
            foreach (var path in paths)
            {
                output.WriteLine(mark + path);
            }
        }

        foreach (var rename in renamed)
        {
            output.WriteLine($"R  {rename.From} -> {rename.To}");
        }
    }

    /// <summary>Parses repeated <c>KEY=VALUE</c> options.</summary>
    public static Dictionary<string, string>? ParsePairs(string[]? pairs, string option)
    {
        if (pairs is not { Length: > 0 })
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ValidationException($"{option} '{pair}' is not KEY=VALUE.");
            }

            result[pair[..eq]] = pair[(eq + 1)..];
        }

        return result;
    }
}
