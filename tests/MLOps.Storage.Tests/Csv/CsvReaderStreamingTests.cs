using System.Globalization;
using System.Text;
using MLOps.Data;
using MLOps.Storage.Csv;
using MLOps.Testing;
using Xunit.Abstractions;

namespace MLOps.Storage.Tests.Csv;

/// <summary>Memory measurements must not share the process with other tests' allocations.</summary>
[CollectionDefinition(nameof(CsvMemoryCollection), DisableParallelization = true)]
public sealed class CsvMemoryCollection;

[Collection(nameof(CsvMemoryCollection))]
public sealed class CsvReaderStreamingTests(ITestOutputHelper output)
{
    private const long TargetFileBytes = 50L << 20;

    [Fact]
    public async Task Large_file_streams_in_chunks_with_bounded_memory()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("large.csv");
        long rows = await WriteLargeFileAsync(path);
        const int chunkRows = 65_536;

        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        long seen = 0;
        long idSum = 0;
        var sizes = new List<int>();
        await foreach (RecordBatch batch in CsvReader.ReadBatchesAsync(path, new CsvOptions { ChunkRows = chunkRows }))
        {
            sizes.Add(batch.RowCount);
            Int64Column ids = batch.Column<Int64Column>("id");
            foreach (long id in ids.Values)
            {
                idSum += id;
            }

            Assert.Equal(seen, ids[0]);
            Assert.Equal($"name {seen}", batch.Column<StringColumn>("name")[0]);
            seen += batch.RowCount;
            if (sizes.Count % 4 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        output.WriteLine($"{rows} rows in {sizes.Count} batches; live memory grew by at most {peak / 1024} KiB");
        Assert.Equal(rows, seen);
        Assert.Equal(rows * (rows - 1) / 2, idSum);
        Assert.True(sizes.Count > 10);
        Assert.All(sizes[..^1], size => Assert.Equal(chunkRows, size));
        // The file and its columns together are over 100 MB; one batch plus the buffer is a few MB.
        Assert.True(peak < (32L << 20), $"live memory grew by {peak / (1 << 20)} MB while streaming");
    }

    private static async Task<long> WriteLargeFileAsync(string path)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        await writer.WriteAsync("id,x,y,name\n");
        long row = 0;
        var line = new StringBuilder();
        while (writer.BaseStream.Length < TargetFileBytes)
        {
            line.Clear();
            for (int i = 0; i < 1000; i++, row++)
            {
                line.Append(row.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append((row * 0.001).ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append((-row / 7.0).ToString("R", CultureInfo.InvariantCulture)).Append(",name ")
                    .Append(row.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            await writer.WriteAsync(line);
            await writer.FlushAsync();
        }

        return row;
    }
}
