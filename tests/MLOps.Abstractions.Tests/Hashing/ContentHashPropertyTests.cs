using FsCheck;
using FsCheck.Fluent;

namespace MLOps.Abstractions.Tests.Hashing;

public sealed class ContentHashPropertyTests
{
    private static readonly Gen<ContentHash> Hashes =
        Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), ContentHash.ByteLength).Select(bytes => new ContentHash(bytes));

    private static readonly Gen<byte[]> Contents = Gen.Choose(0, 300).SelectMany(
        length => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length),
        (_, bytes) => bytes);

    [Fact]
    public void Parse_of_format_gives_back_the_hash()
    {
        Prop.ForAll(Arb.From(Hashes), hash =>
        {
            var text = hash.ToString();
            return ContentHash.Parse(text) == hash
                && ContentHash.Parse(text.AsSpan()) == hash
                && ContentHash.TryParse(text, out var tried) && tried == hash
                && new ContentHash(hash.ToByteArray()) == hash;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Format_is_64_lowercase_hex_characters()
    {
        Prop.ForAll(Arb.From(Hashes), hash =>
        {
            var text = hash.ToString();
            Span<char> buffer = stackalloc char[ContentHash.HexLength + 3];
            var formatted = hash.TryFormat(buffer, out var written);
            return text.Length == ContentHash.HexLength
                && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
                && formatted && written == ContentHash.HexLength && buffer[..written].SequenceEqual(text);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Upper_case_input_parses_to_the_same_hash()
    {
        Prop.ForAll(Arb.From(Hashes), hash => ContentHash.Parse(hash.ToString().ToUpperInvariant()) == hash)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Span_incremental_and_stream_hashing_agree()
    {
        var gen = Contents.SelectMany(
            bytes => Gen.ArrayOf(Gen.Choose(0, bytes.Length)),
            (bytes, cuts) => (bytes, cuts));

        Prop.ForAll(Arb.From(gen), sample =>
        {
            var expected = ContentHash.Compute(sample.bytes);

            using var hasher = ContentHash.CreateHasher();
            var bounds = sample.cuts.Append(0).Append(sample.bytes.Length).Order().ToArray();
            for (var i = 1; i < bounds.Length; i++)
            {
                hasher.Append(sample.bytes.AsSpan(bounds[i - 1], bounds[i] - bounds[i - 1]));
            }

            var appended = hasher.Length == sample.bytes.Length;
            var incremental = hasher.GetHash();
            var reset = hasher.Length == 0;

            using var syncStream = new MemoryStream(sample.bytes);
            using var asyncStream = new MemoryStream(sample.bytes);
            var fromStream = ContentHash.Compute(syncStream);
            var fromAsync = ContentHash.ComputeAsync(asyncStream).AsTask().GetAwaiter().GetResult();

            return appended && reset && incremental == expected && fromStream == expected && fromAsync == expected;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Ordering_agrees_with_the_raw_bytes()
    {
        var pairs = Hashes.SelectMany(_ => Hashes, (a, b) => (a, b));
        Prop.ForAll(Arb.From(pairs), pair =>
        {
            var bytes = pair.a.ToByteArray().AsSpan().SequenceCompareTo(pair.b.ToByteArray());
            var compare = pair.a.CompareTo(pair.b);
            return Math.Sign(bytes) == Math.Sign(compare)
                && (pair.a < pair.b) == (bytes < 0)
                && (pair.a >= pair.b) == (bytes >= 0)
                && (pair.a == pair.b) == (bytes == 0);
        }).QuickCheckThrowOnFailure();
    }
}
