using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.Data;
using MLOps.Drift;

namespace MLOps.Cli.Commands.Drift;

/// <summary>
/// <c>mlops drift bench --rows N</c>: times each test on N vs N generated doubles (the best of
/// <c>--repeat</c> runs, sorting included, as scipy's functions sort too), the MMD permutation test
/// (2 × 2000 rows × 16 dimensions, 100 permutations) and a full report over many numeric columns.
/// </summary>
public static class DriftBenchCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var rows = new Option<int>("--rows", "-n") { Description = "Values per sample.", DefaultValueFactory = _ => 1_000_000 };
        var repeat = new Option<int>("--repeat") { Description = "Runs per measurement; the best is reported.", DefaultValueFactory = _ => 3 };
        var reportColumns = new Option<int>("--report-columns") { Description = "Numeric columns in the full-report benchmark (0 skips it).", DefaultValueFactory = _ => 100 };
        var reportRows = new Option<int>("--report-rows") { Description = "Rows per side in the full-report benchmark.", DefaultValueFactory = _ => 100_000 };
        var command = new Command("bench", "Time the drift tests on generated data; JSON with --json.") { rows, repeat, reportColumns, reportRows };
        actions.Set(command, (context, cancellationToken) =>
        {
            int n = context.Get(rows);
            int runs = context.Get(repeat);
            if (n < 10 || runs < 1)
            {
                throw new ValidationException($"--rows must be at least 10 and --repeat at least 1; they are {n} and {runs}.");
            }

            var random = new Random(12345);
            double[] a = Normal(random, n, 0);
            double[] b = Normal(random, n, 0.01);
            var timings = new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["ks_ms"] = Best(runs, () => KolmogorovSmirnovTest.Compute(a, b, Alternative.TwoSided, PValueMethod.Asymptotic)),
                ["wasserstein_ms"] = Best(runs, () => WassersteinDistance.Compute(a, b)),
                ["mann_whitney_ms"] = Best(runs, () => MannWhitneyUTest.Compute(a, b)),
                ["cramer_von_mises_ms"] = Best(runs, () => CramerVonMisesTest.Compute(a, b)),
                ["anderson_ms"] = Best(runs, () => AndersonDarlingTest.Compute(a, b)),
                ["energy_ms"] = Best(runs, () => EnergyDistance.Compute(a, b)),
                ["t_test_ms"] = Best(runs, () => WelchTTest.Compute(a, b)),
                ["psi_ms"] = Best(runs, () => new PopulationStabilityIndex().Evaluate(NumericSample.FromValues(a), NumericSample.FromValues(b))),
                ["jensen_shannon_ms"] = Best(runs, () => new JensenShannonDistance().Evaluate(NumericSample.FromValues(a), NumericSample.FromValues(b))),
            };
            string[] categories = ["a", "b", "c", "d", "e", "f", "g", "h"];
            string[] ca = [.. Enumerable.Range(0, n).Select(i => categories[(int)(Math.Abs(a[i]) * 3) % categories.Length])];
            string[] cb = [.. Enumerable.Range(0, n).Select(i => categories[(int)(Math.Abs(b[i]) * 3) % categories.Length])];

            // Counting the categories is part of the work, as sorting is for the numeric tests.
            timings["chi_square_ms"] = Best(runs, () => new ChiSquareTest().Evaluate(CategoricalSample.FromValues(ca), CategoricalSample.FromValues(cb)));
            var mx = new MultivariateSample(Normal(random, 2000 * 16, 0), 16);
            var my = new MultivariateSample(Normal(random, 2000 * 16, 0.05), 16);
            timings["mmd_2000x16_100perm_ms"] = Best(runs, () => MaximumMeanDiscrepancy.Test(mx, my));
            int columns = context.Get(reportColumns);
            if (columns > 0)
            {
                int r = context.Get(reportRows);
                RecordBatch reference = Batch(random, columns, r, 0);
                RecordBatch current = Batch(random, columns, r, 0.02);
                var analyzer = new DriftAnalyzer(new DriftOptions { MaxDegreeOfParallelism = Environment.ProcessorCount });
                timings[$"report_{columns}x{r}_ms"] = Best(runs, () => analyzer.Compare(reference, current));
            }

            var result = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["rows"] = n,
                ["repeat"] = runs,
                ["processors"] = Environment.ProcessorCount,
            };
            foreach (var (key, value) in timings)
            {
                result[key] = Math.Round(value, 3);
            }

            context.Write(result, o => TableWriter.Write(o, ["measurement", "ms"], timings.Select(t => (IReadOnlyList<string>)[t.Key, t.Value.ToString("F1", CultureInfo.InvariantCulture)])));
            return Task.FromResult(0);
        });
        return command;
    }

    private static double Best(int runs, Func<object> work)
    {
        double best = double.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            GC.KeepAlive(work());
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return best;
    }

    private static double[] Normal(Random random, int n, double shift)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Box-Muller: enough for timing data.
            double u = 1.0 - random.NextDouble();
            values[i] = shift + (Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return values;
    }

    private static RecordBatch Batch(Random random, int columns, int rows, double shift)
    {
        var fields = new Field[columns];
        var data = new Column[columns];
        for (int c = 0; c < columns; c++)
        {
            fields[c] = new Field($"f{c}", DataType.Float64, IsNullable: false);
            data[c] = new Float64Column(Normal(random, rows, c % 10 == 0 ? shift * 10 : shift));
        }

        return new RecordBatch(new Schema(fields), data);
    }
}
