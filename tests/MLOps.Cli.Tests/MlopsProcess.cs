using System.Diagnostics;

namespace MLOps.Cli.Tests;

/// <summary>The mlops executable as a real process (the build output's <c>mlops.dll</c> under <c>dotnet</c>), its output drained in the background.</summary>
internal sealed class MlopsProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private MlopsProcess(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => _process.HasExited;

    public static MlopsProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlops.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new MlopsProcess(Process.Start(start)!);
    }

    /// <summary>Waits for the process to end (or for <paramref name="limit"/>, whichever comes first).</summary>
    public Task WaitAsync(TimeSpan limit) => Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(limit));

    /// <summary>Kills the process (SIGKILL on Unix) if it still runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    /// <summary>Waits for the end and returns the exit code and what it printed.</summary>
    public async Task<(int ExitCode, string Output, string Error)> ResultAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return (_process.ExitCode, await _output, await _error);
    }

    public void Dispose() => _process.Dispose();
}
