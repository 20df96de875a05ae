using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MLOps.Data;
using MLOps.Storage.Csv;

namespace MLOps.Benchmarks;

/// <summary>
/// CSV read throughput on numeric data: about 64 MiB of 8 Float64 and 2 Int64 columns, read from
/// memory into typed columns with a known schema and with type inference; and writing it back.
/// MB/s = <see cref="SizeInMegabytes"/> / mean time.
/// Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*Csv*'</c>.
/// </summary>
[MemoryDiagnoser]
public class CsvBenchmarks
{
    private const long TargetBytes = 64L << 20;

    private static readonly Schema NumericSchema = new(
        Enumerable.Range(0, 8).Select(i => new Field("f" + i.ToString(CultureInfo.InvariantCulture), DataType.Float64))
            .Append(new Field("id", DataType.Int64))
            .Append(new Field("count", DataType.Int64)));

    private byte[] _csv = [];
    private RecordBatch _batch = null!;

    /// <summary>The size of the generated CSV in MB (10^6 bytes), for computing MB/s.</summary>
    public double SizeInMegabytes => _csv.Length / 1e6;

    /// <summary>Generates the CSV once: a mix of short decimals, negatives, exponents and integers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _csv = GenerateNumericCsv(TargetBytes);
        _batch = CsvReader.ReadAllAsync(new MemoryStream(_csv), new CsvOptions { Schema = NumericSchema }).GetAwaiter().GetResult();
        Console.WriteLine($"// CSV size: {SizeInMegabytes.ToString("F1", CultureInfo.InvariantCulture)} MB, {_batch.RowCount.ToString(CultureInfo.InvariantCulture)} rows");
    }

    /// <summary>Reads with the schema given: parsing only.</summary>
    [Benchmark(Baseline = true)]
    public Task<long> ReadKnownSchema() => ReadAsync(new CsvOptions { Schema = NumericSchema });

    /// <summary>Reads with types inferred from the first 1000 rows.</summary>
    [Benchmark]
    public Task<long> ReadInferred() => ReadAsync(new CsvOptions());

    /// <summary>Writes the same rows back to CSV in memory.</summary>
    [Benchmark]
    public async Task<long> Write()
    {
        var stream = new MemoryStream(_csv.Length + (1 << 20));
        await using (var writer = new CsvWriter(stream, leaveOpen: true))
        {
            await writer.WriteAsync(_batch);
        }

        return stream.Length;
    }

    /// <summary>Numeric CSV of about <paramref name="targetBytes"/> bytes, the same for a given size.</summary>
    public static byte[] GenerateNumericCsv(long targetBytes)
    {
        var random = new Random(20240501);
        var text = new StringBuilder((int)Math.Min(targetBytes + 4096, int.MaxValue));
        text.AppendJoin(',', NumericSchema.Select(field => field.Name)).Append('\n');
        long id = 0;
        while (text.Length < targetBytes)
        {
            for (int column = 0; column < 8; column++)
            {
                text.Append(column switch
                {
                    0 => (random.Next(0, 1_000_000) / 1e6).ToString("0.000000", CultureInfo.InvariantCulture),
                    1 => ((random.Next(-100_000, 100_000) / 8.0)).ToString(CultureInfo.InvariantCulture),
                    2 => (random.Next(1, 100) * Math.Pow(10, -random.Next(1, 12))).ToString("0.##E-0", CultureInfo.InvariantCulture),
                    3 => random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
                    4 => (random.Next(-1_000_000, 1_000_000) / 100.0).ToString(CultureInfo.InvariantCulture),
                    5 => (random.NextDouble() * 1e6).ToString("F3", CultureInfo.InvariantCulture),
                    6 => random.Next(-500, 500).ToString(CultureInfo.InvariantCulture),
                    _ => (random.NextDouble() - 0.5).ToString("G6", CultureInfo.InvariantCulture),
                }).Append(',');
            }

            text.Append(id++.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(random.Next(0, 100_000).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private async Task<long> ReadAsync(CsvOptions options)
    {
        long rows = 0;
        await foreach (RecordBatch batch in CsvReader.ReadBatchesAsync(new MemoryStream(_csv, writable: false), options))
        {
            rows += batch.RowCount;
        }

        return rows;
    }
}
