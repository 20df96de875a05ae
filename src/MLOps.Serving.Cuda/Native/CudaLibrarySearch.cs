namespace MLOps.Serving.Cuda.Native;

/// <summary>The outcome of looking for one library: the file loaded (if any) and every place tried, in order.</summary>
/// <param name="Library">The library looked for.</param>
/// <param name="LoadedFrom">The file that loaded; null when none did.</param>
/// <param name="Handle">The native handle; zero when none loaded.</param>
/// <param name="Attempts">Every candidate tried, with why it was not used.</param>
internal sealed record CudaLibrarySearch(CudaLibrary Library, string? LoadedFrom, nint Handle, IReadOnlyList<string> Attempts)
{
    public bool Found => Handle != 0;

    public string Describe() => Found
        ? $"{CudaLibraryNames.Describe(Library)}: loaded {LoadedFrom}"
        : $"{CudaLibraryNames.Describe(Library)} was not found; searched:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", Attempts)}";
}
