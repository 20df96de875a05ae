namespace MLOps.DataVersioning;

/// <summary>One named entry of a <see cref="Tree"/>: a file or a subdirectory.</summary>
/// <param name="Name">The entry's name: not empty, not <c>.</c> or <c>..</c>, without <c>/</c>, <c>\</c> or NUL.</param>
/// <param name="Kind">A file or a directory.</param>
/// <param name="Executable">Whether the file is executable (always false for directories).</param>
/// <param name="Size">The file's length, or the total length of the files under a directory.</param>
/// <param name="Hash">The <see cref="FileManifest"/> blob of a file, the <see cref="Tree"/> blob of a directory.</param>
public sealed record TreeEntry(string Name, TreeEntryKind Kind, bool Executable, long Size, ContentHash Hash)
{
    /// <summary>The longest allowed name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>Why a name is not a valid entry name, or null when it is.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The reason, or null.</returns>
    public static string? CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a name is empty";
        }

        if (name is "." or "..")
        {
            return $"the name '{name}' is not allowed";
        }

        if (name.AsSpan().IndexOfAny('/', '\\', '\0') >= 0)
        {
            return $"the name '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' contains '/', '\\' or NUL";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
        {
            return $"the name '{name}' is longer than {MaxNameBytes} UTF-8 bytes";
        }

        return null;
    }
}
