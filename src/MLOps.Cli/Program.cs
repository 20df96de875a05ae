using MLOps.Cli.Hosting;

namespace MLOps.Cli;

/// <summary>The <c>mlops</c> command's entry point.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns its exit code.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>0 on success, 1 on error.</returns>
    public static Task<int> Main(string[] args) => CliApplication.RunAsync(args, Console.Out, Console.Error);
}
