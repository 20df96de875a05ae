namespace MLOps.Drift;

/// <summary>
/// An online MMD detector for rows of several numeric columns (after alibi-detect's MMDDriftOnline):
/// after each row, the (biased) MMD² between a reference set and the last W rows with an RBF kernel
/// (median-heuristic bandwidth), compared with a threshold calibrated for a configured expected run time.
/// </summary>
/// <remarks>
/// The reference is split at random (seeded): up to <see cref="OnlineDetectorOptions.MaxReferenceRows"/>
/// rows form the reference set, the rest is the pool for the no-drift simulations; the threshold is the
/// 1 − 1/ERT quantile of the simulated statistics (the same constant-threshold approximation as
/// <see cref="OnlineCramerVonMisesDetector"/>). Updates are incremental: O(R + W) kernel evaluations
/// per row. Not thread-safe.
/// </remarks>
public sealed class OnlineMmdDetector
{
    private readonly double[] _reference;
    private readonly int _referenceRows;
    private readonly int _dimensions;
    private readonly double _scale;
    private readonly double _referenceTerm;
    private readonly double[] _window;
    private readonly double[] _crossSums;
    private readonly double[,] _windowKernel;
    private long _time;

    /// <summary>Creates and calibrates the detector.</summary>
    /// <param name="reference">The reference rows (at least 4).</param>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <exception cref="ValidationException">The reference is too small, or an option is invalid.</exception>
    public OnlineMmdDetector(MultivariateSample reference, OnlineDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Options = options ?? new OnlineDetectorOptions();
        Options.Validate();
        SampleInput.RequireSize(reference.Count, 4, "online mmd", "reference");
        _dimensions = reference.Dimensions;
        var random = new Random(Options.Seed);
        int[] order = [.. Enumerable.Range(0, reference.Count)];
        random.Shuffle(order);
        _referenceRows = Math.Min(Options.MaxReferenceRows, reference.Count / 2);
        _reference = new double[_referenceRows * _dimensions];
        for (int i = 0; i < _referenceRows; i++)
        {
            reference.Row(order[i]).CopyTo(_reference.AsSpan(i * _dimensions, _dimensions));
        }

        int[] pool = order[_referenceRows..];
        Bandwidth = MedianDistance(_reference, _referenceRows, _dimensions);
        _scale = Bandwidth > 0 ? -1.0 / (2 * Bandwidth * Bandwidth) : 0;
        double rr = 0;
        for (int i = 0; i < _referenceRows; i++)
        {
            for (int j = 0; j < _referenceRows; j++)
            {
                rr += Kernel(_reference.AsSpan(i * _dimensions, _dimensions), _reference.AsSpan(j * _dimensions, _dimensions));
            }
        }

        _referenceTerm = rr / ((double)_referenceRows * _referenceRows);
        int w = Options.WindowSize;
        _window = new double[w * _dimensions];
        _crossSums = new double[w];
        _windowKernel = new double[w, w];
        var simulated = new double[Options.Simulations];
        for (int s = 0; s < simulated.Length; s++)
        {
            _time = 0;
            for (int i = 0; i < w; i++)
            {
                Add(reference.Row(pool[random.Next(pool.Length)]));
            }

            simulated[s] = CurrentStatistic();
        }

        _time = 0;
        Threshold = Options.Quantile(simulated);
    }

    /// <summary>The settings.</summary>
    public OnlineDetectorOptions Options { get; }

    /// <summary>The RBF bandwidth σ (median distance within the reference set).</summary>
    public double Bandwidth { get; }

    /// <summary>The calibrated threshold.</summary>
    public double Threshold { get; }

    /// <summary>Adds a row and tests the latest window.</summary>
    /// <param name="row">The row, of the reference's width, finite.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ValidationException">The row's width differs or a value is not finite.</exception>
    public OnlineDriftState Update(ReadOnlySpan<double> row)
    {
        if (row.Length != _dimensions)
        {
            throw new ValidationException($"The online MMD detector expects rows of {_dimensions} values; got {row.Length} at time {_time}.");
        }

        foreach (double v in row)
        {
            if (!double.IsFinite(v))
            {
                throw new ValidationException($"The online MMD detector was given {v} at time {_time}; drop rows with non-finite values first.");
            }
        }

        Add(row);
        if (_time < Options.WindowSize)
        {
            return new OnlineDriftState(_time, 0, Threshold, false);
        }

        double statistic = CurrentStatistic();
        return new OnlineDriftState(_time, statistic, Threshold, statistic > Threshold);
    }

    /// <summary>Forgets the window, keeping the calibration.</summary>
    public void Reset() => _time = 0;

    private void Add(ReadOnlySpan<double> row)
    {
        int w = Options.WindowSize;
        int slot = (int)(_time % w);
        row.CopyTo(_window.AsSpan(slot * _dimensions, _dimensions));
        double cross = 0;
        for (int r = 0; r < _referenceRows; r++)
        {
            cross += Kernel(row, _reference.AsSpan(r * _dimensions, _dimensions));
        }

        _crossSums[slot] = cross;
        int filled = (int)Math.Min(_time + 1, w);
        for (int j = 0; j < filled; j++)
        {
            double k = j == slot ? 1 : Kernel(row, _window.AsSpan(j * _dimensions, _dimensions));
            _windowKernel[slot, j] = k;
            _windowKernel[j, slot] = k;
        }

        _time++;
    }

    private double CurrentStatistic()
    {
        int w = Options.WindowSize;
        double ww = 0, cross = 0;
        for (int i = 0; i < w; i++)
        {
            cross += _crossSums[i];
            for (int j = 0; j < w; j++)
            {
                ww += _windowKernel[i, j];
            }
        }

        return _referenceTerm + (ww / ((double)w * w)) - (2 * cross / ((double)_referenceRows * w));
    }

    private double Kernel(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double d2 = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            d2 += d * d;
        }

        return Math.Exp(d2 * _scale);
    }

    private static double MedianDistance(double[] rows, int count, int dimensions)
    {
        var distances = new List<double>(count * (count - 1) / 2);
        for (int i = 0; i < count; i++)
        {
            for (int j = i + 1; j < count; j++)
            {
                double d2 = 0;
                for (int k = 0; k < dimensions; k++)
                {
                    double d = rows[(i * dimensions) + k] - rows[(j * dimensions) + k];
                    d2 += d * d;
                }

                distances.Add(Math.Sqrt(d2));
            }
        }

        distances.Sort();
        return distances.Count == 0 ? 0 : distances[distances.Count / 2];
    }
}
