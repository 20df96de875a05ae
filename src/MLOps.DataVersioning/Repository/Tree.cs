namespace MLOps.DataVersioning;

/// <summary>
/// One directory of a commit, a node of a Merkle tree: its entries sorted by ordinal name, each naming a
/// file's <see cref="FileManifest"/> blob or a subdirectory's tree blob. A tree is stored as a blob
/// named by its hash, so an unchanged subdirectory has the same hash in every commit and is shared.
/// Immutable.
/// </summary>
/// <remarks>
/// Binary form (version 1), little-endian: the magic <c>"MLTR"</c>, a version byte, the entry count
/// (int32), then per entry: the name (int32 UTF-8 length, bytes), the kind (byte: 0 file, 1 directory),
/// flags (byte: bit 0 executable), the size (int64) and the hash (32 bytes). Entries are strictly
/// increasing by ordinal name (no duplicates).
/// </remarks>
public sealed class Tree
{
    /// <summary>The current format version.</summary>
    public const byte FormatVersion = 1;

    private const int MinEntryLength = 4 + 1 + 1 + 1 + 8 + ContentHash.ByteLength;
    private static readonly byte[] Magic = "MLTR"u8.ToArray();

    private readonly TreeEntry[] _entries;

    /// <summary>Creates a tree, sorting the entries by ordinal name.</summary>
    /// <param name="entries">The entries.</param>
    /// <exception cref="ValidationException">A name is invalid or repeated, a size is negative, or a directory is marked executable.</exception>
    public Tree(IEnumerable<TreeEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [.. entries];
        Array.Sort(_entries, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var error = Check(_entries);
        if (error is not null)
        {
            throw new ValidationException($"Invalid tree: {error}.");
        }
    }

    private Tree(TreeEntry[] sorted) => _entries = sorted;

    /// <summary>The empty tree.</summary>
    public static Tree Empty { get; } = new([]);

    /// <summary>The entries, sorted by ordinal name.</summary>
    public IReadOnlyList<TreeEntry> Entries => _entries;

    /// <summary>The total size of the files under this tree.</summary>
    public long Size => _entries.Sum(static e => e.Size);

    /// <summary>Finds an entry by name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The entry, or null.</returns>
    public TreeEntry? Find(string name)
    {
        int lo = 0, hi = _entries.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_entries[mid].Name, name);
            if (c == 0)
            {
                return _entries[mid];
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return null;
    }

    /// <summary>Serializes to the binary form.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        stream.Write(Magic);
        stream.WriteByte(FormatVersion);
        BinaryFormat.WriteInt32(stream, _entries.Length);
        foreach (var entry in _entries)
        {
            BinaryFormat.WriteString(stream, entry.Name);
            stream.WriteByte((byte)entry.Kind);
            stream.WriteByte(entry.Executable ? (byte)1 : (byte)0);
            BinaryFormat.WriteInt64(stream, entry.Size);
            BinaryFormat.WriteHash(stream, entry.Hash);
        }

        return stream.ToArray();
    }

    /// <summary>The hash of <see cref="ToBytes"/>: the tree's blob name.</summary>
    /// <returns>The hash.</returns>
    public ContentHash ComputeHash() => ContentHash.Compute(ToBytes());

    /// <summary>Parses the binary form, validating every name (so a stored tree can never name a path outside its folder).</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="source">Where the bytes came from (a blob hash), for error messages.</param>
    /// <returns>The tree.</returns>
    /// <exception cref="CorruptException">The bytes are not a valid tree; the message says what is wrong and where.</exception>
    public static Tree Parse(ReadOnlySpan<byte> data, string? source = null)
    {
        var reader = new BinaryFormat.Reader(data, source is null ? "Tree" : $"Tree {source}");
        reader.ExpectHeader(Magic, FormatVersion);
        var count = reader.ReadCount("entries", MinEntryLength);
        var entries = new TreeEntry[count];
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString($"name of entry {i}");
            var kind = reader.ReadByte();
            if (kind > 1)
            {
                throw reader.Corrupt($"entry '{name}' has unknown kind {kind}");
            }

            var flags = reader.ReadByte();
            if (flags > 1)
            {
                throw reader.Corrupt($"entry '{name}' has unknown flags {flags}");
            }

            entries[i] = new TreeEntry(name, (TreeEntryKind)kind, flags == 1, reader.ReadInt64(), reader.ReadHash());
        }

        reader.ExpectEnd();
        var error = Check(entries);
        if (error is not null)
        {
            throw reader.Corrupt(error);
        }

        return new Tree(entries);
    }

    private static string? Check(TreeEntry[] sorted)
    {
        for (var i = 0; i < sorted.Length; i++)
        {
            var entry = sorted[i];
            if (entry is null)
            {
                return "an entry is null";
            }

            var nameError = TreeEntry.CheckName(entry.Name);
            if (nameError is not null)
            {
                return nameError;
            }

            if (i > 0 && string.CompareOrdinal(sorted[i - 1].Name, entry.Name) >= 0)
            {
                return string.Equals(sorted[i - 1].Name, entry.Name, StringComparison.Ordinal)
                    ? $"the name '{entry.Name}' appears twice"
                    : $"the entries are not sorted by name ('{sorted[i - 1].Name}' before '{entry.Name}')";
            }

            if (entry.Size < 0)
            {
                return $"entry '{entry.Name}' has a negative size {entry.Size}";
            }

            if (entry.Kind == TreeEntryKind.Directory && entry.Executable)
            {
                return $"directory '{entry.Name}' is marked executable";
            }
        }

        return null;
    }
}
