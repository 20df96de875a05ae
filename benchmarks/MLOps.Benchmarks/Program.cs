using BenchmarkDotNet.Running;

namespace MLOps.Benchmarks;

/// <summary>Runs the suite's benchmarks: <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*Blob*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
