namespace MLOps.DataVersioning;

/// <summary>
/// A version of a dataset: its root <see cref="Tree"/>, its parents (none for the first commit, the
/// previous head first), who made it, when and why, and free key/value metadata. Stored as a blob; the
/// commit's id is that blob's hash (<see cref="Id"/>). Immutable.
/// </summary>
/// <remarks>
/// Binary form (version 1), little-endian: the magic <c>"MLCM"</c>, a version byte, the tree hash
/// (32 bytes), the parent count (int32) and hashes, the dataset, message and author (each an int32
/// UTF-8 length and bytes), the time (int64 UTC ticks), the metadata count (int32) and its pairs
/// (key, value strings) in ordinal key order.
/// </remarks>
public sealed class Commit
{
    /// <summary>The current format version.</summary>
    public const byte FormatVersion = 1;

    private static readonly byte[] Magic = "MLCM"u8.ToArray();

    private readonly ContentHash[] _parents;
    private readonly KeyValuePair<string, string>[] _metadata;
    private byte[]? _bytes;

    /// <summary>Creates a commit.</summary>
    /// <param name="tree">The root tree's hash.</param>
    /// <param name="parents">The parent commits, first parent first.</param>
    /// <param name="dataset">The dataset's name.</param>
    /// <param name="message">Why.</param>
    /// <param name="author">Who.</param>
    /// <param name="time">When; stored as UTC.</param>
    /// <param name="metadata">Free key/value pairs; null for none.</param>
    /// <exception cref="ValidationException">The dataset name is empty or a metadata key is empty.</exception>
    public Commit(ContentHash tree, IEnumerable<ContentHash> parents, string dataset, string message, string author, DateTimeOffset time, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(author);
        if (dataset.Length == 0)
        {
            throw new ValidationException("A commit needs a dataset name.");
        }

        Tree = tree;
        _parents = [.. parents];
        Dataset = dataset;
        Message = message;
        Author = author;
        Time = new DateTimeOffset(time.UtcTicks, TimeSpan.Zero);
        _metadata = metadata is null ? [] : [.. metadata.OrderBy(static p => p.Key, StringComparer.Ordinal)];
        foreach (var pair in _metadata)
        {
            if (string.IsNullOrEmpty(pair.Key) || pair.Value is null)
            {
                throw new ValidationException($"Commit metadata keys must not be empty and values must not be null (key '{pair.Key}').");
            }
        }
    }

    /// <summary>The root tree's hash.</summary>
    public ContentHash Tree { get; }

    /// <summary>The parents, first parent (the previous head of the branch) first.</summary>
    public IReadOnlyList<ContentHash> Parents => _parents;

    /// <summary>The dataset's name.</summary>
    public string Dataset { get; }

    /// <summary>The message.</summary>
    public string Message { get; }

    /// <summary>The author.</summary>
    public string Author { get; }

    /// <summary>When the commit was made (UTC).</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The metadata, in ordinal key order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata => _metadata;

    /// <summary>The commit's id: the hash of its binary form, which is its blob's name.</summary>
    public ContentHash Id => ContentHash.Compute(GetBytes());

    /// <summary>Serializes to the binary form.</summary>
    /// <returns>A new array with the bytes.</returns>
    public byte[] ToBytes() => (byte[])GetBytes().Clone();

    /// <summary>Parses the binary form.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="source">Where they came from (a blob hash), for error messages.</param>
    /// <returns>The commit.</returns>
    /// <exception cref="CorruptException">The bytes are not a valid commit; the message says what is wrong and where.</exception>
    public static Commit Parse(ReadOnlySpan<byte> data, string? source = null)
    {
        var reader = new BinaryFormat.Reader(data, source is null ? "Commit" : $"Commit {source}");
        reader.ExpectHeader(Magic, FormatVersion);
        var tree = reader.ReadHash();
        var parentCount = reader.ReadCount("parents", ContentHash.ByteLength);
        var parents = new ContentHash[parentCount];
        for (var i = 0; i < parentCount; i++)
        {
            parents[i] = reader.ReadHash();
        }

        var dataset = reader.ReadString("dataset");
        var message = reader.ReadString("message");
        var author = reader.ReadString("author");
        var ticks = reader.ReadInt64();
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw reader.Corrupt($"the time {ticks} is out of range");
        }

        var count = reader.ReadCount("metadata pairs", 8);
        var metadata = new Dictionary<string, string>(count, StringComparer.Ordinal);
        string? previous = null;
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString($"metadata key {i}");
            var value = reader.ReadString($"metadata value {i}");
            if (key.Length == 0 || (previous is not null && string.CompareOrdinal(previous, key) >= 0))
            {
                throw reader.Corrupt($"metadata key '{key}' is empty, repeated or out of order");
            }

            metadata[key] = value;
            previous = key;
        }

        reader.ExpectEnd();
        if (dataset.Length == 0)
        {
            throw reader.Corrupt("the dataset name is empty");
        }

        return new Commit(tree, parents, dataset, message, author, new DateTimeOffset(ticks, TimeSpan.Zero), metadata);
    }

    private byte[] GetBytes()
    {
        if (_bytes is not null)
        {
            return _bytes;
        }

        using var stream = new MemoryStream();
        stream.Write(Magic);
        stream.WriteByte(FormatVersion);
        BinaryFormat.WriteHash(stream, Tree);
        BinaryFormat.WriteInt32(stream, _parents.Length);
        foreach (var parent in _parents)
        {
            BinaryFormat.WriteHash(stream, parent);
        }

        BinaryFormat.WriteString(stream, Dataset);
        BinaryFormat.WriteString(stream, Message);
        BinaryFormat.WriteString(stream, Author);
        BinaryFormat.WriteInt64(stream, Time.UtcTicks);
        BinaryFormat.WriteInt32(stream, _metadata.Length);
        foreach (var pair in _metadata)
        {
            BinaryFormat.WriteString(stream, pair.Key);
            BinaryFormat.WriteString(stream, pair.Value);
        }

        _bytes = stream.ToArray();
        return _bytes;
    }
}
