using System.Runtime.CompilerServices;

namespace MLOps.Storage.Csv;

/// <summary>Parses <c>true</c> and <c>false</c> (ASCII case-insensitive, spaces and tabs around tolerated) from UTF-8 bytes.</summary>
internal static class Utf8BooleanParser
{
    /// <summary>Parses a boolean; false when the text is neither true nor false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> text, out bool value)
    {
        if (Utf8Text.EqualsIgnoreAsciiCase(text, "true"u8))
        {
            value = true;
            return true;
        }

        if (Utf8Text.EqualsIgnoreAsciiCase(text, "false"u8))
        {
            value = false;
            return true;
        }

        ReadOnlySpan<byte> trimmed = Utf8Text.TrimSpaces(text);
        value = false;
        return trimmed.Length != text.Length && TryParse(trimmed, out value);
    }
}
