namespace MLOps.DataVersioning;

/// <summary>Options of <see cref="DataRepository.DiffAsync"/>.</summary>
public sealed class DiffOptions
{
    /// <summary>Summarize modified <c>.csv</c> files row by row (reads both versions). Default true.</summary>
    public bool CsvRows { get; init; } = true;

    /// <summary>CSV files larger than this (either version) get no row summary. Default 1 GiB.</summary>
    public long MaxCsvBytes { get; init; } = 1L << 30;
}
