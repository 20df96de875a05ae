namespace MLOps.Drift.Numerics;

/// <summary>
/// Walks two sorted samples as one pooled sample, group by group of equal values, giving each group's
/// size in each sample and the number of pooled values below it: the basis of every rank statistic
/// (average ranks for ties) in one O(m + n) pass without materialising ranks.
/// </summary>
internal ref struct PooledRanks
{
    private readonly ReadOnlySpan<double> _x;
    private readonly ReadOnlySpan<double> _y;
    private int _i;
    private int _j;

    public PooledRanks(ReadOnlySpan<double> sortedX, ReadOnlySpan<double> sortedY)
    {
        _x = sortedX;
        _y = sortedY;
    }

    /// <summary>The group's value.</summary>
    public double Value { get; private set; }

    /// <summary>How many x values are below the group.</summary>
    public int XBefore { get; private set; }

    /// <summary>How many y values are below the group.</summary>
    public int YBefore { get; private set; }

    /// <summary>How many x values the group holds.</summary>
    public int XCount { get; private set; }

    /// <summary>How many y values the group holds.</summary>
    public int YCount { get; private set; }

    /// <summary>The group's size.</summary>
    public readonly int Size => XCount + YCount;

    /// <summary>The pooled values below the group.</summary>
    public readonly int Before => XBefore + YBefore;

    /// <summary>The average (mid) rank of the group, 1-based.</summary>
    public readonly double AverageRank => Before + ((Size + 1) / 2.0);

    /// <summary>Moves to the next group of equal values.</summary>
    /// <returns>False after the last group.</returns>
    public bool MoveNext()
    {
        if (_i >= _x.Length && _j >= _y.Length)
        {
            return false;
        }

        XBefore = _i;
        YBefore = _j;
        double v = _i < _x.Length && (_j >= _y.Length || _x[_i] <= _y[_j]) ? _x[_i] : _y[_j];
        while (_i < _x.Length && _x[_i] == v)
        {
            _i++;
        }

        while (_j < _y.Length && _y[_j] == v)
        {
            _j++;
        }

        Value = v;
        XCount = _i - XBefore;
        YCount = _j - YBefore;
        return true;
    }
}
