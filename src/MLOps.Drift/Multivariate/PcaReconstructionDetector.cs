using MLOps.Drift.Numerics;

namespace MLOps.Drift;

/// <summary>
/// Multivariate drift by PCA reconstruction error (NannyML's data reconstruction drift): the reference
/// is standardised, PCA keeps the components explaining <see cref="PcaReconstructionOptions.VarianceToKeep"/>
/// of its variance, and a window's mean distance between its standardised rows and their projection
/// back from the components is compared with a band of mean ± 3σ over the reference's chunks. A change
/// in the joint structure (a correlation that breaks) raises the error even when each column alone
/// looks the same.
/// </summary>
/// <remarks>Immutable after fitting and thread-safe. Constant reference columns are left unscaled (σ taken as 1).</remarks>
public sealed class PcaReconstructionDetector
{
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly double[,] _components;
    private readonly int _kept;

    private PcaReconstructionDetector(double[] mean, double[] scale, double[,] components, int kept, double lower, double upper, double referenceError)
    {
        _mean = mean;
        _scale = scale;
        _components = components;
        _kept = kept;
        Lower = lower;
        Upper = upper;
        ReferenceError = referenceError;
    }

    /// <summary>The number of components kept.</summary>
    public int Components => _kept;

    /// <summary>The band's lower bound.</summary>
    public double Lower { get; }

    /// <summary>The band's upper bound.</summary>
    public double Upper { get; }

    /// <summary>The reference's mean reconstruction error.</summary>
    public double ReferenceError { get; }

    /// <summary>Fits the detector on reference rows.</summary>
    /// <param name="reference">The reference rows (at least 4, and 2 per chunk).</param>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <returns>The fitted detector.</returns>
    /// <exception cref="ValidationException">The reference is too small or an option is invalid.</exception>
    public static PcaReconstructionDetector Fit(MultivariateSample reference, PcaReconstructionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new PcaReconstructionOptions();
        options.Validate();
        SampleInput.RequireSize(reference.Count, 4, "pca_reconstruction", "reference");
        int d = reference.Dimensions, n = reference.Count;
        var mean = new double[d];
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += reference.Row(i)[j];
            }

            mean[j] = sum / n;
            double ss = 0;
            for (int i = 0; i < n; i++)
            {
                double dev = reference.Row(i)[j] - mean[j];
                ss += dev * dev;
            }

            double sd = Math.Sqrt(ss / n);
            scale[j] = sd > 0 ? sd : 1;
        }

        var covariance = new double[d, d];
        var z = new double[d];
        for (int i = 0; i < n; i++)
        {
            Standardize(reference.Row(i), mean, scale, z);
            for (int a = 0; a < d; a++)
            {
                for (int b = a; b < d; b++)
                {
                    covariance[a, b] += z[a] * z[b] / n;
                }
            }
        }

        for (int a = 0; a < d; a++)
        {
            for (int b = 0; b < a; b++)
            {
                covariance[a, b] = covariance[b, a];
            }
        }

        var (values, vectors) = SymmetricEigen.Decompose(covariance);
        double total = values.Sum(v => Math.Max(0, v));
        int kept = 0;
        double explained = 0;
        while (kept < d && (total == 0 ? kept < 1 : explained / total < options.VarianceToKeep - 1e-12))
        {
            explained += Math.Max(0, values[kept]);
            kept++;
        }

        var detector = new PcaReconstructionDetector(mean, scale, vectors, Math.Max(1, kept), 0, 0, 0);
        int chunk = options.ChunkSize ?? Math.Max(2, n / 10);
        int chunks = n / chunk;
        if (chunks < 2)
        {
            throw new ValidationException($"PCA reconstruction needs at least 2 reference chunks of {chunk} rows; the reference has {n} rows.");
        }

        var errors = new double[chunks];
        for (int c = 0; c < chunks; c++)
        {
            errors[c] = detector.MeanError(reference, c * chunk, chunk);
        }

        double m = errors.Average();
        double sdErrors = Math.Sqrt(errors.Sum(e => (e - m) * (e - m)) / (chunks - 1));
        double referenceError = detector.MeanError(reference, 0, n);
        return new PcaReconstructionDetector(mean, scale, vectors, detector._kept, Math.Max(0, m - (options.BandSigmas * sdErrors)), m + (options.BandSigmas * sdErrors), referenceError);
    }

    /// <summary>Measures a window.</summary>
    /// <param name="current">The window's rows, of the reference's width.</param>
    /// <returns>The error and the verdict.</returns>
    /// <exception cref="ValidationException">The width differs or the window is empty.</exception>
    public PcaReconstructionResult Evaluate(MultivariateSample current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.Dimensions != _mean.Length)
        {
            throw new ValidationException($"PCA reconstruction was fitted on {_mean.Length} columns; the window has {current.Dimensions}.");
        }

        SampleInput.RequireSize(current.Count, 1, "pca_reconstruction", "current");
        double error = MeanError(current, 0, current.Count);
        return new PcaReconstructionResult(error, Lower, Upper, error < Lower || error > Upper, current.Count);
    }

    private static void Standardize(ReadOnlySpan<double> row, double[] mean, double[] scale, double[] z)
    {
        for (int j = 0; j < z.Length; j++)
        {
            z[j] = (row[j] - mean[j]) / scale[j];
        }
    }

    private double MeanError(MultivariateSample sample, int start, int count)
    {
        int d = _mean.Length;
        var z = new double[d];
        var coefficients = new double[_kept];
        double total = 0;
        for (int i = start; i < start + count; i++)
        {
            Standardize(sample.Row(i), _mean, _scale, z);
            for (int k = 0; k < _kept; k++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++)
                {
                    dot += z[j] * _components[j, k];
                }

                coefficients[k] = dot;
            }

            double squared = 0;
            for (int j = 0; j < d; j++)
            {
                double reconstructed = 0;
                for (int k = 0; k < _kept; k++)
                {
                    reconstructed += coefficients[k] * _components[j, k];
                }

                double r = z[j] - reconstructed;
                squared += r * r;
            }

            total += Math.Sqrt(squared);
        }

        return total / count;
    }
}
