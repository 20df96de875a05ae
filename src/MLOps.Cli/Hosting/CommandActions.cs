using System.CommandLine;

namespace MLOps.Cli.Hosting;

/// <summary>Wraps command actions so every command reports errors the same way.</summary>
public sealed class CommandActions
{
    private readonly GlobalOptions _globals;
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    internal CommandActions(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        _globals = globals;
        _output = output;
        _error = error;
    }

    /// <summary>The global options, for commands that read them.</summary>
    public GlobalOptions Globals => _globals;

    /// <summary>Sets a command's action: it runs with a <see cref="CliContext"/>; any exception becomes exit code 1 and one line on stderr.</summary>
    /// <param name="command">The command.</param>
    /// <param name="action">The work; returns the exit code.</param>
    public void Set(Command command, Func<CliContext, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(action);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = new CliContext(parseResult, _globals, _output, _error);
            try
            {
                return await action(context, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await _error.WriteLineAsync("mlops: cancelled");
                return 130;
            }
            catch (Exception exception)
            {
                var message = exception is MLOpsException ? exception.Message : $"{exception.GetType().Name}: {exception.Message}";
                await _error.WriteLineAsync("mlops: " + message.ReplaceLineEndings(" "));
                if (parseResult.GetValue(_globals.Verbose))
                {
                    await _error.WriteLineAsync(exception.ToString());
                }

                return 1;
            }
        });
    }
}
