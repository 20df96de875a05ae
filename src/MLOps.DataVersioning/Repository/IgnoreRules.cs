using System.IO.Enumeration;

namespace MLOps.DataVersioning;

/// <summary>
/// The patterns of a folder's <c>.mlopsignore</c> file: one glob per line (<c>*</c> and <c>?</c>),
/// <c>#</c> comments and blank lines skipped. A pattern without <c>/</c> matches a name at any depth;
/// one with <c>/</c> matches the path from the folder (a leading <c>/</c> is dropped, <c>*</c> may cross
/// <c>/</c>); a trailing <c>/</c> matches only directories. Negation (<c>!</c>) is not supported: such lines are skipped.
/// </summary>
internal sealed class IgnoreRules
{
    public const string FileName = ".mlopsignore";

    private readonly List<(string Pattern, bool Anchored, bool DirectoryOnly)> _rules = [];

    public static IgnoreRules None { get; } = new();

    public static async ValueTask<IgnoreRules> LoadAsync(string root, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path))
        {
            return None;
        }

        var rules = new IgnoreRules();
        foreach (var raw in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            var directoryOnly = line.EndsWith('/');
            line = line.Trim('/');
            if (line.Length > 0)
            {
                rules._rules.Add((line, line.Contains('/', StringComparison.Ordinal), directoryOnly));
            }
        }

        return rules;
    }

    public bool IsIgnored(string relativePath, string name, bool isDirectory)
    {
        foreach (var (pattern, anchored, directoryOnly) in _rules)
        {
            if (directoryOnly && !isDirectory)
            {
                continue;
            }

            if (FileSystemName.MatchesSimpleExpression(pattern, anchored ? relativePath : name, ignoreCase: false))
            {
                return true;
            }
        }

        return false;
    }
}
