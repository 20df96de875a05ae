using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace MLOps;

/// <summary>
/// A SHA-256 content hash: the name of a blob, a chunk, a manifest or an artifact. Formats as 64
/// lowercase hexadecimal characters and parses that form (upper case is accepted on input).
/// </summary>
/// <remarks>A value type of 32 bytes; equality and hashing are by content. Thread-safe.</remarks>
public readonly struct ContentHash : IEquatable<ContentHash>, IComparable<ContentHash>
{
    /// <summary>The length of a hash in bytes.</summary>
    public const int ByteLength = 32;

    /// <summary>The length of the hexadecimal form.</summary>
    public const int HexLength = 64;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    /// <summary>Creates a hash from its 32 raw bytes.</summary>
    /// <param name="bytes">Exactly 32 bytes.</param>
    /// <exception cref="ValidationException">The span is not 32 bytes long.</exception>
    public ContentHash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength)
        {
            throw new ValidationException($"A content hash is {ByteLength} bytes; got {bytes.Length}.");
        }

        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>The hash of zero bytes.</summary>
    public static ContentHash Empty { get; } = Compute(ReadOnlySpan<byte>.Empty);

    /// <summary>Hashes a span of bytes.</summary>
    /// <param name="data">The content.</param>
    /// <returns>Its SHA-256 hash.</returns>
    public static ContentHash Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[ByteLength];
        SHA256.HashData(data, digest);
        return new ContentHash(digest);
    }

    /// <summary>Hashes a stream from its current position to its end.</summary>
    /// <param name="stream">The content; read to the end, not disposed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Its SHA-256 hash.</returns>
    public static async ValueTask<ContentHash> ComputeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var digest = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return new ContentHash(digest);
    }

    /// <summary>Hashes a stream from its current position to its end, synchronously.</summary>
    /// <param name="stream">The content; read to the end, not disposed.</param>
    /// <returns>Its SHA-256 hash.</returns>
    public static ContentHash Compute(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> digest = stackalloc byte[ByteLength];
        SHA256.HashData(stream, digest);
        return new ContentHash(digest);
    }

    /// <summary>Starts an incremental hash: append data in pieces, then read the hash.</summary>
    /// <returns>A hasher that must be disposed.</returns>
    public static ContentHasher CreateHasher() => new();

    /// <summary>Parses 64 hexadecimal characters.</summary>
    /// <param name="text">The hexadecimal form.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ValidationException">The text is not 64 hexadecimal characters; the message names the first bad position.</exception>
    public static ContentHash Parse(ReadOnlySpan<char> text)
    {
        if (TryParse(text, out var hash, out var error))
        {
            return hash;
        }

        throw new ValidationException(error);
    }

    /// <summary>Parses 64 hexadecimal characters.</summary>
    /// <param name="text">The hexadecimal form.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ValidationException">The text is not a valid hash.</exception>
    public static ContentHash Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Tries to parse 64 hexadecimal characters.</summary>
    /// <param name="text">The hexadecimal form.</param>
    /// <param name="hash">The hash, when the text is valid.</param>
    /// <returns>Whether the text is valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out ContentHash hash) => TryParse(text, out hash, out _);

    /// <summary>Tries to parse 64 hexadecimal characters.</summary>
    /// <param name="text">The hexadecimal form, or null.</param>
    /// <param name="hash">The hash, when the text is valid.</param>
    /// <returns>Whether the text is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ContentHash hash)
    {
        if (text is null)
        {
            hash = default;
            return false;
        }

        return TryParse(text.AsSpan(), out hash, out _);
    }

    private static bool TryParse(ReadOnlySpan<char> text, out ContentHash hash, out string error)
    {
        hash = default;
        if (text.Length != HexLength)
        {
            error = $"A content hash is {HexLength} hexadecimal characters; got {text.Length} characters.";
            return false;
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        for (var i = 0; i < ByteLength; i++)
        {
            var hi = HexValue(text[2 * i]);
            var lo = HexValue(text[(2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                var position = hi < 0 ? 2 * i : (2 * i) + 1;
                error = $"A content hash is hexadecimal; character '{text[position]}' at position {position} is not.";
                return false;
            }

            bytes[i] = (byte)((hi << 4) | lo);
        }

        hash = new ContentHash(bytes);
        error = string.Empty;
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Writes the 32 raw bytes.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < ByteLength)
        {
            throw new ArgumentException($"The destination needs {ByteLength} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>Returns the 32 raw bytes as a new array.</summary>
    /// <returns>A new array.</returns>
    public byte[] ToByteArray()
    {
        var bytes = new byte[ByteLength];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The 64-character lowercase hexadecimal form.</summary>
    /// <returns>The hexadecimal form.</returns>
    public override string ToString() => string.Create(HexLength, this, static (span, hash) => hash.TryFormat(span, out _));

    /// <summary>Writes the 64-character lowercase hexadecimal form without allocating. The form is culture-invariant.</summary>
    /// <param name="destination">At least 64 characters.</param>
    /// <param name="charsWritten">64, or 0 when the destination is too short.</param>
    /// <returns>False when the destination is too short.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        if (destination.Length < HexLength)
        {
            charsWritten = 0;
            return false;
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        CopyTo(bytes);
        Convert.TryToHexStringLower(bytes, destination, out charsWritten);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(ContentHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ContentHash other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)_a ^ (int)(_a >> 32);

    /// <inheritdoc />
    public int CompareTo(ContentHash other)
    {
        var c = _a.CompareTo(other._a);
        if (c != 0)
        {
            return c;
        }

        c = _b.CompareTo(other._b);
        if (c != 0)
        {
            return c;
        }

        c = _c.CompareTo(other._c);
        return c != 0 ? c : _d.CompareTo(other._d);
    }

    /// <summary>Equality by content.</summary>
    public static bool operator ==(ContentHash left, ContentHash right) => left.Equals(right);

    /// <summary>Inequality by content.</summary>
    public static bool operator !=(ContentHash left, ContentHash right) => !left.Equals(right);

    /// <summary>Ordering by bytes.</summary>
    public static bool operator <(ContentHash left, ContentHash right) => left.CompareTo(right) < 0;

    /// <summary>Ordering by bytes.</summary>
    public static bool operator >(ContentHash left, ContentHash right) => left.CompareTo(right) > 0;

    /// <summary>Ordering by bytes.</summary>
    public static bool operator <=(ContentHash left, ContentHash right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering by bytes.</summary>
    public static bool operator >=(ContentHash left, ContentHash right) => left.CompareTo(right) >= 0;
}
