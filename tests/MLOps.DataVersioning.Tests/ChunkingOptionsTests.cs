namespace MLOps.DataVersioning.Tests;

public sealed class ChunkingOptionsTests
{
    [Fact]
    public void Defaults_are_16_64_256_KiB_and_valid()
    {
        var options = new ChunkingOptions().Validate();
        Assert.Equal(16 * 1024, options.MinSize);
        Assert.Equal(64 * 1024, options.AverageSize);
        Assert.Equal(256 * 1024, options.MaxSize);
    }

    [Theory]
    [InlineData(32, 128, 512, "MinSize")]
    [InlineData(1024, 3000, 8192, "AverageSize")]
    [InlineData(1024, 0, 8192, "AverageSize")]
    [InlineData(4096, 4096, 8192, "MinSize")]
    [InlineData(1024, 4096, 4096, "MaxSize")]
    [InlineData(1024, 4096, 128 * 1024 * 1024, "MaxSize")]
    public void Invalid_options_name_the_option(int min, int average, int max, string option)
    {
        var options = new ChunkingOptions { MinSize = min, AverageSize = average, MaxSize = max };
        var error = Assert.Throws<ValidationException>(() => options.Validate());
        Assert.Contains("ChunkingOptions." + option, error.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => new FastCdcChunker(options));
    }
}
