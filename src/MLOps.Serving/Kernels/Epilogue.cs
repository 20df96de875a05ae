namespace MLOps.Serving.Kernels;

/// <summary>What a micro-kernel does as it stores a tile: scale, add the old C, add biases, activate.</summary>
internal readonly unsafe struct Epilogue
{
    public Epilogue(float alpha, bool accumulate, float* columnBias, float* rowBias, GemmActivation activation)
    {
        Alpha = alpha;
        Accumulate = accumulate;
        ColumnBias = columnBias;
        RowBias = rowBias;
        Activation = activation;
    }

    public float Alpha { get; }

    public bool Accumulate { get; }

    /// <summary>Bias per column of the tile (already offset to the tile), or null.</summary>
    public float* ColumnBias { get; }

    /// <summary>Bias per row of the tile (already offset to the tile), or null.</summary>
    public float* RowBias { get; }

    public GemmActivation Activation { get; }
}
