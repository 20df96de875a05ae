using System.Globalization;
using System.Text;

namespace MLOps.DataVersioning.Tests;

internal static class TestData
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>CSV rows of a made-up feature table, about <paramref name="approximateLength"/> bytes.</summary>
    public static byte[] Csv(int approximateLength, int seed, int firstId = 0)
    {
        var random = new Random(seed);
        var text = new StringBuilder(approximateLength + 256);
        if (firstId == 0)
        {
            text.Append("id,timestamp,feature_a,feature_b,category,label\n");
        }

        var id = firstId;
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string[] categories = ["alpha", "beta", "gamma", "delta", "epsilon"];
        while (text.Length < approximateLength)
        {
            text.Append(CultureInfo.InvariantCulture, $"{id},{start.AddSeconds(id * 17):O},{random.NextDouble() * 100:F4},{random.Next(-5000, 5000)},{categories[random.Next(categories.Length)]},{random.Next(2)}\n");
            id++;
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    public static List<int> Lengths(FastCdcChunker chunker, byte[] data) => [.. chunker.GetChunkLengths(data)];

    public static List<ContentHash> ChunkHashes(FastCdcChunker chunker, byte[] data)
    {
        var hashes = new List<ContentHash>();
        var offset = 0;
        foreach (var length in chunker.GetChunkLengths(data))
        {
            hashes.Add(ContentHash.Compute(data.AsSpan(offset, length)));
            offset += length;
        }

        return hashes;
    }
}
