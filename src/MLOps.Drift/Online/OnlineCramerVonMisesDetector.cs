namespace MLOps.Drift;

/// <summary>
/// An online Cramér–von Mises detector for one numeric stream (after alibi-detect's CVMDriftOnline):
/// after each value, the statistic W·ω² = 1/(12W) + Σ (F_ref(x₍ᵢ₎) − (2i − 1)/(2W))² of the last W values
/// against the reference ECDF, compared with a threshold calibrated for a configured expected run time.
/// </summary>
/// <remarks>
/// Calibration: the reference is split at random (seeded) into halves; one half defines F_ref, the
/// other is the pool from which <see cref="OnlineDetectorOptions.Simulations"/> no-drift windows are
/// drawn; the threshold is the 1 − 1/ERT quantile of their statistics, so each full window raises a
/// false alarm with probability about 1/ERT. Consecutive windows overlap and their statistics are
/// positively correlated, so false alarms cluster and the run time to the first one is, if anything,
/// longer than ERT: a constant-threshold approximation of alibi-detect's time-varying thresholds.
/// Not thread-safe; O(W log W) per update.
/// </remarks>
public sealed class OnlineCramerVonMisesDetector
{
    private readonly double[] _reference;
    private readonly double[] _window;
    private readonly double[] _scratch;
    private long _time;

    /// <summary>Creates and calibrates the detector.</summary>
    /// <param name="reference">The reference values (finite; at least 4).</param>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <exception cref="ValidationException">The reference is too small or not finite, or an option is invalid.</exception>
    public OnlineCramerVonMisesDetector(ReadOnlySpan<double> reference, OnlineDetectorOptions? options = null)
    {
        Options = options ?? new OnlineDetectorOptions();
        Options.Validate();
        double[] all = SampleInput.SortedFinite(reference, "online cramer_von_mises", "reference");
        SampleInput.RequireSize(all.Length, 4, "online cramer_von_mises", "reference");
        var random = new Random(Options.Seed);
        random.Shuffle(all);
        int half = all.Length / 2;
        _reference = all[..half];
        double[] pool = all[half..];
        Array.Sort(_reference);
        int w = Options.WindowSize;
        _window = new double[w];
        _scratch = new double[w];
        var simulated = new double[Options.Simulations];
        for (int s = 0; s < simulated.Length; s++)
        {
            for (int i = 0; i < w; i++)
            {
                _scratch[i] = pool[random.Next(pool.Length)];
            }

            simulated[s] = Statistic(_scratch);
        }

        Threshold = Options.Quantile(simulated);
    }

    /// <summary>The settings.</summary>
    public OnlineDetectorOptions Options { get; }

    /// <summary>The calibrated threshold.</summary>
    public double Threshold { get; }

    /// <summary>Adds a value and tests the latest window.</summary>
    /// <param name="value">The value; non-finite values are rejected.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ValidationException">The value is NaN or infinite.</exception>
    public OnlineDriftState Update(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ValidationException($"The online Cramér-von Mises detector was given {value} at time {_time}; drop non-finite values first.");
        }

        _window[_time % _window.Length] = value;
        _time++;
        if (_time < _window.Length)
        {
            return new OnlineDriftState(_time, 0, Threshold, false);
        }

        _window.CopyTo(_scratch, 0);
        double statistic = Statistic(_scratch);
        return new OnlineDriftState(_time, statistic, Threshold, statistic > Threshold);
    }

    /// <summary>Forgets the window (after drift was handled), keeping the calibration.</summary>
    public void Reset() => _time = 0;

    private double Statistic(double[] window)
    {
        Array.Sort(window);
        double w = window.Length;
        double sum = 1 / (12 * w);
        for (int i = 0; i < window.Length; i++)
        {
            double f = UpperBound(window[i]) / (double)_reference.Length;
            double d = f - (((2.0 * (i + 1)) - 1) / (2 * w));
            sum += d * d;
        }

        return sum;
    }

    private int UpperBound(double value)
    {
        int lo = 0, hi = _reference.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (_reference[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
