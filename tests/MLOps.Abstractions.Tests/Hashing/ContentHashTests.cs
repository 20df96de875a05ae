namespace MLOps.Abstractions.Tests.Hashing;

public sealed class ContentHashTests
{
    private const string AbcHash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public void Sha256_of_abc_matches_the_known_vector()
    {
        Assert.Equal(AbcHash, ContentHash.Compute("abc"u8).ToString());
        Assert.Equal(ContentHash.Parse(AbcHash), ContentHash.Compute("abc"u8));
    }

    [Fact]
    public void Empty_is_the_hash_of_no_bytes()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ContentHash.Empty.ToString());
        using var hasher = ContentHash.CreateHasher();
        Assert.Equal(ContentHash.Empty, hasher.GetHash());
    }

    [Fact]
    public void Hasher_is_reusable_after_GetHash()
    {
        using var hasher = ContentHash.CreateHasher();
        hasher.Append("xyz"u8);
        _ = hasher.GetHash();
        hasher.Append("a"u8);
        hasher.Append("bc"u8);
        Assert.Equal(3, hasher.Length);
        Assert.Equal(AbcHash, hasher.GetHash().ToString());
    }

    [Fact]
    public async Task Stream_hashing_starts_at_the_current_position()
    {
        using var stream = new MemoryStream("..abc"u8.ToArray());
        stream.Position = 2;
        Assert.Equal(AbcHash, (await ContentHash.ComputeAsync(stream)).ToString());
        stream.Position = 2;
        Assert.Equal(AbcHash, ContentHash.Compute(stream).ToString());
    }

    [Fact]
    public void Upper_case_is_accepted()
    {
        Assert.Equal(AbcHash, ContentHash.Parse(AbcHash.ToUpperInvariant()).ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    public void Wrong_length_is_rejected_naming_the_length(int length)
    {
        var text = new string('a', length);
        var error = Assert.Throws<ValidationException>(() => ContentHash.Parse(text));
        Assert.Equal($"A content hash is 64 hexadecimal characters; got {length} characters.", error.Message);
        Assert.False(ContentHash.TryParse(text, out _));
        Assert.False(ContentHash.TryParse(text.AsSpan(), out _));
    }

    [Theory]
    [InlineData(0, 'g')]
    [InlineData(1, 'x')]
    [InlineData(37, ' ')]
    [InlineData(63, '-')]
    public void Bad_character_is_rejected_naming_its_position(int position, char bad)
    {
        var chars = AbcHash.ToCharArray();
        chars[position] = bad;
        var text = new string(chars);
        var error = Assert.Throws<ValidationException>(() => ContentHash.Parse(text));
        Assert.Equal($"A content hash is hexadecimal; character '{bad}' at position {position} is not.", error.Message);
        Assert.False(ContentHash.TryParse(text, out _));
    }

    [Fact]
    public async Task Null_inputs_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => ContentHash.Parse(null!));
        Assert.False(ContentHash.TryParse((string?)null, out var hash));
        Assert.Equal(default, hash);
        Assert.Throws<ArgumentNullException>(() => ContentHash.Compute((Stream)null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await ContentHash.ComputeAsync(null!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Raw_bytes_of_the_wrong_length_are_rejected(int length)
    {
        var error = Assert.Throws<ValidationException>(() => new ContentHash(new byte[length]));
        Assert.Equal($"A content hash is 32 bytes; got {length}.", error.Message);
    }

    [Fact]
    public void CopyTo_rejects_a_short_destination()
    {
        var error = Assert.Throws<ArgumentException>(() => ContentHash.Empty.CopyTo(new byte[31]));
        Assert.Equal("destination", error.ParamName);
    }

    [Fact]
    public void TryFormat_fails_on_a_short_destination()
    {
        Span<char> buffer = stackalloc char[63];
        Assert.False(ContentHash.Empty.TryFormat(buffer, out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Equality_works_through_object_and_operators()
    {
        var a = ContentHash.Compute("abc"u8);
        var b = ContentHash.Parse(AbcHash);
        Assert.True(a.Equals((object)b));
        Assert.False(a.Equals("abc"));
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a <= b && a >= b && !(a < b) && !(a > b));
    }
}
