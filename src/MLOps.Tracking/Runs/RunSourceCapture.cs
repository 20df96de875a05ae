using System.Reflection;
using System.Text.RegularExpressions;

namespace MLOps.Tracking.Runs;

/// <summary>
/// Captures where a run comes from: the user, the host, the entry assembly, and the commit checked out in
/// the git repository around the current directory (read from <c>.git</c> directly; no git process is
/// started). Anything that cannot be read is left null.
/// </summary>
internal static partial class RunSourceCapture
{
    public static RunSource Capture(string? user)
    {
        var entry = Assembly.GetEntryAssembly()?.GetName();
        return new RunSource(
            user,
            Try(() => Environment.MachineName),
            Try(() => FindGitCommit(Environment.CurrentDirectory)),
            entry is null ? null : $"{entry.Name} {entry.Version}");
    }

    /// <summary>Finds the commit of the repository containing <paramref name="directory"/>, or null.</summary>
    public static string? FindGitCommit(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var dotGit = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(dotGit))
            {
                return ReadHead(dotGit);
            }

            if (File.Exists(dotGit))
            {
                // A worktree or submodule: ".git" is a file naming the real git directory.
                var pointer = File.ReadAllText(dotGit).Trim();
                return pointer.StartsWith("gitdir:", StringComparison.Ordinal)
                    ? ReadHead(Path.GetFullPath(pointer["gitdir:".Length..].Trim(), current.FullName))
                    : null;
            }
        }

        return null;
    }

    private static string? ReadHead(string gitDirectory)
    {
        var headPath = Path.Combine(gitDirectory, "HEAD");
        if (!File.Exists(headPath))
        {
            return null;
        }

        var head = File.ReadAllText(headPath).Trim();
        if (!head.StartsWith("ref:", StringComparison.Ordinal))
        {
            return CommitPattern().IsMatch(head) ? head : null;
        }

        var reference = head["ref:".Length..].Trim();
        var common = CommonDirectory(gitDirectory);
        foreach (var root in new[] { gitDirectory, common })
        {
            var loose = Path.Combine(root, reference.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(loose))
            {
                var commit = File.ReadAllText(loose).Trim();
                return CommitPattern().IsMatch(commit) ? commit : null;
            }
        }

        var packed = Path.Combine(common, "packed-refs");
        if (File.Exists(packed))
        {
            foreach (var line in File.ReadLines(packed))
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && string.Equals(parts[1], reference, StringComparison.Ordinal) && CommitPattern().IsMatch(parts[0]))
                {
                    return parts[0];
                }
            }
        }

        return null;
    }

    // Worktrees keep shared refs in the main repository, named by the "commondir" file.
    private static string CommonDirectory(string gitDirectory)
    {
        var file = Path.Combine(gitDirectory, "commondir");
        return File.Exists(file) ? Path.GetFullPath(File.ReadAllText(file).Trim(), gitDirectory) : gitDirectory;
    }

    private static string? Try(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[0-9a-f]{40}([0-9a-f]{24})?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CommitPattern();
}
