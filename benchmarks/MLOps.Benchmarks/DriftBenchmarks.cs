using BenchmarkDotNet.Attributes;
using MLOps.Data;
using MLOps.Drift;

namespace MLOps.Benchmarks;

/// <summary>
/// Drift tests at the sizes the issue names: two-sample KS (asymptotic), Wasserstein and Mann-Whitney
/// over 1,000,000 vs 1,000,000 doubles (sorting included, as scipy's functions sort too), the MMD
/// permutation test (2 × 2000 rows × 16 dimensions, 100 permutations) and a full report of 100 numeric
/// columns × 100,000 rows per side. scipy's figures for the same sizes are in docs/drift.md.
/// Run: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*Drift*'</c>.
/// </summary>
[MemoryDiagnoser]
public class DriftBenchmarks
{
    private double[] _reference = [];
    private double[] _current = [];
    private MultivariateSample _mmdReference = null!;
    private MultivariateSample _mmdCurrent = null!;
    private RecordBatch _reportReference = null!;
    private RecordBatch _reportCurrent = null!;
    private DriftAnalyzer _analyzer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(12345);
        _reference = Normal(random, 1_000_000, 0);
        _current = Normal(random, 1_000_000, 0.01);
        _mmdReference = new MultivariateSample(Normal(random, 2000 * 16, 0), 16);
        _mmdCurrent = new MultivariateSample(Normal(random, 2000 * 16, 0.05), 16);
        _reportReference = Batch(random, 0);
        _reportCurrent = Batch(random, 0.02);
        _analyzer = new DriftAnalyzer();
    }

    [Benchmark]
    public StatisticalTestResult KolmogorovSmirnov1M() => KolmogorovSmirnovTest.Compute(_reference, _current, Alternative.TwoSided, PValueMethod.Asymptotic);

    [Benchmark]
    public double Wasserstein1M() => WassersteinDistance.Compute(_reference, _current);

    [Benchmark]
    public StatisticalTestResult MannWhitney1M() => MannWhitneyUTest.Compute(_reference, _current);

    [Benchmark]
    public StatisticalTestResult CramerVonMises1M() => CramerVonMisesTest.Compute(_reference, _current);

    [Benchmark]
    public MmdResult Mmd2000x16With100Permutations() => MaximumMeanDiscrepancy.Test(_mmdReference, _mmdCurrent);

    [Benchmark]
    public DriftReport Report100ColumnsBy100kRows() => _analyzer.Compare(_reportReference, _reportCurrent);

    private static double[] Normal(Random random, int n, double shift)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u = 1.0 - random.NextDouble();
            values[i] = shift + (Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return values;
    }

    private static RecordBatch Batch(Random random, double shift)
    {
        var fields = new Field[100];
        var columns = new Column[100];
        for (var c = 0; c < 100; c++)
        {
            fields[c] = new Field($"f{c}", DataType.Float64, IsNullable: false);
            columns[c] = new Float64Column(Normal(random, 100_000, shift));
        }

        return new RecordBatch(new Schema(fields), columns);
    }
}
