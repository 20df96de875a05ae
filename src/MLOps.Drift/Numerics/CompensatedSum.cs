namespace MLOps.Drift.Numerics;

/// <summary>Neumaier's compensated summation: the sum of many terms without the O(n · eps) drift of a plain loop.</summary>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    /// <summary>The sum so far.</summary>
    public readonly double Value => _sum + _compensation;

    /// <summary>Adds a term.</summary>
    public void Add(double value)
    {
        double t = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - t) + value : (value - t) + _sum;
        _sum = t;
    }
}
