using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLOps.DataVersioning;

/// <summary>
/// Content-defined chunking with FastCDC (Xia et al., USENIX ATC 2016; IEEE TPDS 2020): a 64-bit gear
/// rolling hash <c>h = (h &lt;&lt; 1) + Gear[byte]</c>, a boundary where the masked hash is zero,
/// cut-point skipping (no boundary is looked for in the first <see cref="ChunkingOptions.MinSize"/>
/// bytes of a chunk) and normalized chunking at level 2 (a mask with two more bits than
/// log2(<see cref="ChunkingOptions.AverageSize"/>) before the average size, two fewer after it), so
/// chunk sizes cluster around the average. Because a boundary depends only on the last 64 bytes,
/// an insertion or deletion changes only the chunks around it; the boundaries after it resynchronize.
/// </summary>
/// <remarks>
/// The gear table is 256 64-bit values drawn from SplitMix64 seeded with <see cref="GearSeed"/>;
/// it is part of the storage format (changing it changes every chunk). The masks use the top bits
/// of the hash, which depend on the most bytes. Thread-safe: the chunker holds only its options.
/// </remarks>
public sealed class FastCdcChunker
{
    /// <summary>The SplitMix64 seed of the gear table ("MLOpsCDC" in ASCII).</summary>
    public const ulong GearSeed = 0x4D4C_4F70_7343_4443;

    private static readonly ulong[] Gear = CreateGearTable(GearSeed);

    private readonly int _min;
    private readonly int _average;
    private readonly int _max;
    private readonly ulong _maskStrict;
    private readonly ulong _maskLoose;

    /// <summary>Creates a chunker.</summary>
    /// <param name="options">The sizes; <see cref="ChunkingOptions.Default"/> when null.</param>
    /// <exception cref="ValidationException">The options are invalid.</exception>
    public FastCdcChunker(ChunkingOptions? options = null)
    {
        Options = (options ?? ChunkingOptions.Default).Validate();
        _min = Options.MinSize;
        _average = Options.AverageSize;
        _max = Options.MaxSize;
        var bits = BitOperations.Log2((uint)_average);
        _maskStrict = TopBits(bits + 2);
        _maskLoose = TopBits(bits - 2);
    }

    /// <summary>The sizes this chunker aims for.</summary>
    public ChunkingOptions Options { get; }

    /// <summary>
    /// Finds the length of the next chunk at the start of <paramref name="data"/>, which is either the
    /// rest of the content or at least <see cref="ChunkingOptions.MaxSize"/> bytes of it. Returns
    /// <c>data.Length</c> when no boundary is found before the end (the last chunk), and 0 only for empty data.
    /// </summary>
    /// <param name="data">The content from the start of the chunk.</param>
    /// <returns>The chunk's length, between 1 and <see cref="ChunkingOptions.MaxSize"/> (0 for empty data).</returns>
    public int FindBoundary(ReadOnlySpan<byte> data)
    {
        var length = data.Length;
        if (length <= _min)
        {
            return length;
        }

        if (length > _max)
        {
            length = _max;
        }

        var normal = Math.Min(_average, length);
        ref var source = ref MemoryMarshal.GetReference(data);
        ref var gear = ref MemoryMarshal.GetArrayDataReference(Gear);
        ulong hash = 0;
        var i = _min;
        var maskStrict = _maskStrict;
        for (; i < normal; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref source, i));
            if ((hash & maskStrict) == 0)
            {
                return i + 1;
            }
        }

        var maskLoose = _maskLoose;
        for (; i < length; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref source, i));
            if ((hash & maskLoose) == 0)
            {
                return i + 1;
            }
        }

        return length;
    }

    /// <summary>The chunk lengths of in-memory content, in order; they add up to its length.</summary>
    /// <param name="data">The whole content.</param>
    /// <returns>The lengths (none for empty content).</returns>
    public IEnumerable<int> GetChunkLengths(ReadOnlyMemory<byte> data)
    {
        var offset = 0;
        while (offset < data.Length)
        {
            var length = FindBoundary(data.Span[offset..]);
            offset += length;
            yield return length;
        }
    }

    /// <summary>
    /// Splits a stream into chunks, reading it through one pooled buffer of twice
    /// <see cref="ChunkingOptions.MaxSize"/>. Each chunk is a view of that buffer, valid only until the
    /// enumerator moves on: copy what must be kept.
    /// </summary>
    /// <param name="content">The content, read from its position to its end; not disposed.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The chunks in order (none for an empty stream).</returns>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ChunkAsync(Stream content, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var capacity = 2 * _max;
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            var start = 0;
            var end = 0;
            var endOfStream = false;
            while (true)
            {
                if (!endOfStream && end - start < _max)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }

                    while (end < capacity)
                    {
                        var read = await content.ReadAsync(buffer.AsMemory(end, capacity - end), cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            endOfStream = true;
                            break;
                        }

                        end += read;
                    }
                }

                if (start == end)
                {
                    yield break;
                }

                var length = FindBoundary(buffer.AsSpan(start, end - start));
                yield return buffer.AsMemory(start, length);
                start += length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A copy of the gear table, for documentation and tests.</summary>
    /// <returns>The 256 gear values.</returns>
    public static ulong[] GetGearTable() => (ulong[])Gear.Clone();

    private static ulong TopBits(int count) => count <= 0 ? 0 : ulong.MaxValue << (64 - count);

    private static ulong[] CreateGearTable(ulong seed)
    {
        var table = new ulong[256];
        var state = seed;
        for (var i = 0; i < table.Length; i++)
        {
            // SplitMix64 (Steele, Lea and Flood 2014).
            state += 0x9E37_79B9_7F4A_7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
            table[i] = z ^ (z >> 31);
        }

        return table;
    }
}
