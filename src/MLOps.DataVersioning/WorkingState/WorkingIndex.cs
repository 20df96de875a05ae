using System.Text;

namespace MLOps.DataVersioning;

/// <summary>
/// The persisted working-state index of one folder: for each file path, the stat seen when it was last
/// hashed (<see cref="FileStat"/>) and its manifest's hash, so status and re-commit of an unchanged
/// tree read no file contents. A file is trusted only when its whole stat matches and its modification
/// time is at least <see cref="RacyWindow"/> older than the index (git's "racily clean" rule: a write
/// in the same clock tick as the hashing would otherwise go unseen). The index is a cache: a missing,
/// stale or damaged file only costs re-hashing. It is written to a temp file and renamed into place.
/// </summary>
internal sealed class WorkingIndex
{
    /// <summary>How much older than the index a file's mtime must be for its entry to be trusted.</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private const byte FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "MLWI"u8;

    private readonly Dictionary<string, Entry> _entries;
    private readonly long _trustedBeforeNs;

    private WorkingIndex(string path, string fingerprint, Dictionary<string, Entry> entries, long savedAtNs)
    {
        FilePath = path;
        Fingerprint = fingerprint;
        _entries = entries;
        _trustedBeforeNs = savedAtNs - (RacyWindow.Ticks * 100);
    }

    /// <summary>Where the index lives.</summary>
    public string FilePath { get; }

    /// <summary>What the hashes depend on (the chunking options); an index made under another is ignored.</summary>
    public string Fingerprint { get; }

    /// <summary>How many entries were loaded.</summary>
    public int Count => _entries.Count;

    /// <summary>The index file of a folder: one per folder, under <c>datasets/index</c>.</summary>
    /// <param name="dataPath">The data-versioning folder.</param>
    /// <param name="root">The folder's full path.</param>
    /// <returns>The path.</returns>
    public static string PathFor(string dataPath, string root) =>
        Path.Combine(dataPath, "index", ContentHash.Compute(Encoding.UTF8.GetBytes(root)).ToString()[..32] + ".idx");

    /// <summary>Loads an index, or an empty one when it is missing, damaged or made under other options.</summary>
    /// <param name="path">The index file.</param>
    /// <param name="fingerprint">The current chunking fingerprint.</param>
    /// <returns>The index.</returns>
    public static WorkingIndex Load(string path, string fingerprint)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new WorkingIndex(path, fingerprint, new Dictionary<string, Entry>(StringComparer.Ordinal), 0);
        }

        try
        {
            var reader = new BinaryFormat.Reader(bytes, $"working-state index '{path}'");
            reader.ExpectHeader(Magic, FormatVersion);
            var storedFingerprint = reader.ReadString("fingerprint");
            var savedAt = reader.ReadInt64();
            if (!string.Equals(storedFingerprint, fingerprint, StringComparison.Ordinal))
            {
                return new WorkingIndex(path, fingerprint, new Dictionary<string, Entry>(StringComparer.Ordinal), 0);
            }

            var count = reader.ReadCount("entries", 69);
            var entries = new Dictionary<string, Entry>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString("path");
                var stat = new FileStat(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), (ulong)reader.ReadInt64(), reader.ReadByte() != 0);
                entries[name] = new Entry(stat, reader.ReadHash());
            }

            reader.ExpectEnd();
            return new WorkingIndex(path, fingerprint, entries, savedAt);
        }
        catch (CorruptException)
        {
            // A cache: a damaged index is rebuilt by hashing again.
            return new WorkingIndex(path, fingerprint, new Dictionary<string, Entry>(StringComparer.Ordinal), 0);
        }
    }

    /// <summary>The manifest hash of a file whose stat matches a trusted entry.</summary>
    /// <param name="path">The file's relative path.</param>
    /// <param name="stat">The file's stat now.</param>
    /// <param name="manifest">The manifest's hash when trusted.</param>
    /// <returns>Whether the file is known unchanged.</returns>
    public bool TryGetUnchanged(string path, in FileStat stat, out ContentHash manifest)
    {
        if (_entries.TryGetValue(path, out var entry) && entry.Stat == stat && stat.ModifiedNs < _trustedBeforeNs)
        {
            manifest = entry.Manifest;
            return true;
        }

        manifest = default;
        return false;
    }

    /// <summary>Writes a new index of the given entries (temp file, then rename).</summary>
    /// <param name="entries">The entries, by relative path.</param>
    /// <param name="savedAtNs">Now, in nanoseconds since the epoch (the system clock, which file times use).</param>
    public void Save(IReadOnlyDictionary<string, Entry> entries, long savedAtNs)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temp = $"{FilePath}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                stream.Write(Magic);
                stream.WriteByte(FormatVersion);
                BinaryFormat.WriteString(stream, Fingerprint);
                BinaryFormat.WriteInt64(stream, savedAtNs);
                BinaryFormat.WriteInt32(stream, entries.Count);
                foreach (var (name, entry) in entries)
                {
                    BinaryFormat.WriteString(stream, name);
                    BinaryFormat.WriteInt64(stream, entry.Stat.Size);
                    BinaryFormat.WriteInt64(stream, entry.Stat.ModifiedNs);
                    BinaryFormat.WriteInt64(stream, entry.Stat.ChangedNs);
                    BinaryFormat.WriteInt64(stream, (long)entry.Stat.Inode);
                    stream.WriteByte(entry.Stat.Executable ? (byte)1 : (byte)0);
                    BinaryFormat.WriteHash(stream, entry.Manifest);
                }
            }

            File.Move(temp, FilePath, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Now on the system clock in nanoseconds since the epoch; file times are on that clock, whatever TimeProvider the repository uses.</summary>
    /// <returns>The time.</returns>
    public static long SystemNowNs() => (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>One file's record.</summary>
    /// <param name="Stat">The stat when it was hashed.</param>
    /// <param name="Manifest">Its manifest's hash.</param>
    internal readonly record struct Entry(FileStat Stat, ContentHash Manifest);
}
