using System.Text;

namespace MLOps.Tracking.Search;

/// <summary>Translates a LIKE pattern (<c>%</c>, <c>_</c>, <c>\</c> escapes) into an equivalent SQLite GLOB pattern.</summary>
internal static class LikePattern
{
    public static string ToGlob(string like)
    {
        var glob = new StringBuilder(like.Length + 8);
        for (var i = 0; i < like.Length; i++)
        {
            var c = like[i];
            if (c == '\\' && i + 1 < like.Length)
            {
                AppendLiteral(glob, like[++i]);
            }
            else if (c == '%')
            {
                glob.Append('*');
            }
            else if (c == '_')
            {
                glob.Append('?');
            }
            else
            {
                AppendLiteral(glob, c);
            }
        }

        return glob.ToString();
    }

    private static void AppendLiteral(StringBuilder glob, char c)
    {
        if (c is '*' or '?' or '[')
        {
            glob.Append('[').Append(c).Append(']');
        }
        else
        {
            glob.Append(c);
        }
    }
}
