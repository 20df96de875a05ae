using FsCheck;
using FsCheck.Fluent;

namespace MLOps.DataVersioning.Tests;

public sealed class FastCdcChunkerTests
{
    private static readonly FastCdcChunker Default = new();

    [Fact]
    public void Gear_table_is_deterministic_and_distinct()
    {
        var table = FastCdcChunker.GetGearTable();
        Assert.Equal(256, table.Length);
        Assert.Equal(table, FastCdcChunker.GetGearTable());
        Assert.Equal(256, table.Distinct().Count());
    }

    [Fact]
    public void Boundaries_are_deterministic()
    {
        var data = TestData.Random(2 * 1024 * 1024, seed: 1);
        var first = TestData.Lengths(Default, data);
        var second = TestData.Lengths(new FastCdcChunker(new ChunkingOptions()), (byte[])data.Clone());
        Assert.Equal(first, second);
    }

    [Fact]
    public void Chunks_are_within_min_and_max_except_the_last_and_average_near_the_target()
    {
        var data = TestData.Random(8 * 1024 * 1024, seed: 2);
        var lengths = TestData.Lengths(Default, data);
        Assert.Equal(data.Length, lengths.Sum());
        foreach (var length in lengths.Take(lengths.Count - 1))
        {
            Assert.InRange(length, Default.Options.MinSize, Default.Options.MaxSize);
        }

        Assert.InRange(lengths[^1], 1, Default.Options.MaxSize);
        var average = (double)data.Length / lengths.Count;
        Assert.InRange(average, 0.6 * Default.Options.AverageSize, 1.4 * Default.Options.AverageSize);
    }

    [Fact]
    public void Zero_bytes_make_max_size_chunks()
    {
        var lengths = TestData.Lengths(Default, new byte[1024 * 1024]);
        Assert.All(lengths, length => Assert.Equal(Default.Options.MaxSize, length));
    }

    [Fact]
    public async Task Empty_content_has_no_chunks()
    {
        Assert.Empty(TestData.Lengths(Default, []));
        Assert.Equal(0, Default.FindBoundary([]));
        await foreach (var chunk in Default.ChunkAsync(new MemoryStream()))
        {
            Assert.Fail($"Unexpected chunk of {chunk.Length} bytes.");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(16 * 1024)]
    public void Content_no_longer_than_min_is_one_chunk(int length)
    {
        Assert.Equal([length], TestData.Lengths(Default, TestData.Random(length, seed: length)));
    }

    [Fact]
    public async Task Streaming_finds_the_same_chunks_as_the_span_api_whatever_the_read_sizes()
    {
        var data = TestData.Random(3 * 1024 * 1024 + 12345, seed: 3);
        var expected = TestData.Lengths(Default, data);
        var actual = new List<int>();
        var offset = 0;
        await foreach (var chunk in Default.ChunkAsync(new TrickleStream(data, 7777)))
        {
            Assert.True(chunk.Span.SequenceEqual(data.AsSpan(offset, chunk.Length)));
            offset += chunk.Length;
            actual.Add(chunk.Length);
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Chunks_concatenate_back_to_the_input_for_random_data_and_options()
    {
        var gen =
            from minExponent in Gen.Choose(6, 10)
            from averageShift in Gen.Choose(1, 3)
            from maxFactor in Gen.Choose(2, 4)
            from length in Gen.Choose(0, 40_000)
            from seed in Gen.Choose(0, int.MaxValue)
            from text in Gen.Elements(false, true)
            select (min: 1 << minExponent, average: 1 << (minExponent + averageShift), maxFactor, length, seed, text);
        Prop.ForAll(Arb.From(gen), c =>
        {
            var options = new ChunkingOptions { MinSize = c.min, AverageSize = c.average, MaxSize = c.average * c.maxFactor };
            var chunker = new FastCdcChunker(options);
            var data = c.text ? TestData.Csv(c.length, c.seed)[..c.length] : TestData.Random(c.length, c.seed);
            var lengths = TestData.Lengths(chunker, data);
            var rebuilt = new List<byte>(data.Length);
            var offset = 0;
            foreach (var length in lengths)
            {
                rebuilt.AddRange(data.AsSpan(offset, length));
                offset += length;
            }

            var sizesOk = lengths.Take(Math.Max(0, lengths.Count - 1)).All(l => l >= options.MinSize && l <= options.MaxSize)
                && lengths.All(l => l >= 1 && l <= options.MaxSize);
            return sizesOk && rebuilt.SequenceEqual(data);
        }).QuickCheckThrowOnFailure();
    }

    private static readonly Lazy<(byte[] Original, List<ContentHash> Hashes, List<int> Lengths)> ResyncBase = new(() =>
    {
        var original = TestData.Random(4 * 1024 * 1024, seed: 4);
        return (original, TestData.ChunkHashes(Default, original), TestData.Lengths(Default, original));
    });

    [Fact]
    public void Boundaries_resynchronize_after_an_insertion_or_deletion()
    {
        var gen =
            from seed in Gen.Choose(0, int.MaxValue)
            from position in Gen.Choose(1024 * 1024, 3 * 1024 * 1024)
            from editLength in Gen.Choose(1, 16)
            from insert in Gen.Elements(false, true)
            select (seed, position, editLength, insert);
        Prop.ForAll(Arb.From(gen), c => Resynchronizes(c.seed, c.position, c.editLength, c.insert)).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(548804795, 1320785, 12, false)]
    public void Boundaries_resynchronize_in_cases_found_by_the_property(int seed, int position, int editLength, bool insert) =>
        Assert.True(Resynchronizes(seed, position, editLength, insert));

    private static bool Resynchronizes(int seed, int position, int editLength, bool insert)
    {
        var (original, before, lengths) = ResyncBase.Value;
        var edited = insert
            ? [.. original.AsSpan(0, position), .. TestData.Random(editLength, seed), .. original.AsSpan(position)]
            : (byte[])[.. original.AsSpan(0, position), .. original.AsSpan(position + editLength)];
        var after = TestData.ChunkHashes(Default, edited);
        var common = after.Intersect(before).Count();
        var changed = after.Count - common;
        var lost = before.Count - common;

        // The chunks before the edit are the same, in order.
        var prefix = 0;
        while (prefix < before.Count && prefix < after.Count && before[prefix] == after[prefix])
        {
            prefix++;
        }

        // Min-size skipping can keep the new cut points off the old ones for a few chunks before they meet again.
        var offsetOfFirstChange = lengths.Take(prefix).Sum();
        return changed <= 6 && lost <= 6 && offsetOfFirstChange <= position
            && offsetOfFirstChange + Default.Options.MaxSize > position;
    }

    /// <summary>Returns at most a fixed number of bytes per read, as a network stream might.</summary>
    private sealed class TrickleStream(byte[] data, int maxRead) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, maxRead));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, maxRead)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, maxRead)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, maxRead), cancellationToken);
    }
}
