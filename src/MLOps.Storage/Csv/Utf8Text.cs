using System.Text;

namespace MLOps.Storage.Csv;

/// <summary>Small helpers over UTF-8 field bytes.</summary>
internal static class Utf8Text
{
    private const int MaxExcerptBytes = 60;

    /// <summary>The text without leading and trailing spaces and tabs.</summary>
    public static ReadOnlySpan<byte> TrimSpaces(ReadOnlySpan<byte> text)
    {
        int start = 0;
        int end = text.Length;
        while (start < end && text[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        while (end > start && text[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>Whether <paramref name="text"/> equals <paramref name="lowerAscii"/>, ignoring ASCII case.</summary>
    public static bool EqualsIgnoreAsciiCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerAscii)
    {
        if (text.Length != lowerAscii.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (c is >= 'A' and <= 'Z')
            {
                c |= 0x20;
            }

            if (c != lowerAscii[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A short, printable excerpt of a field for error messages (invalid UTF-8 shows as U+FFFD).</summary>
    public static string Excerpt(ReadOnlySpan<byte> text)
    {
        bool truncated = text.Length > MaxExcerptBytes;
        string decoded = Encoding.UTF8.GetString(truncated ? text[..MaxExcerptBytes] : text);
        return truncated ? decoded + "…" : decoded;
    }
}
