using System.CommandLine;
using MLOps.Cli.Output;
using MLOps.Storage;

namespace MLOps.Cli.Hosting;

/// <summary>What a command's action works with: the parsed globals, the output writers and the workspace.</summary>
public sealed class CliContext
{
    internal CliContext(ParseResult parseResult, GlobalOptions globals, TextWriter output, TextWriter error)
    {
        ParseResult = parseResult;
        WorkspacePath = parseResult.GetValue(globals.Workspace) ?? ".mlops";
        Json = parseResult.GetValue(globals.Json);
        Output = output;
        Error = error;
    }

    /// <summary>The parsed command line.</summary>
    public ParseResult ParseResult { get; }

    /// <summary>The <c>--workspace</c> folder.</summary>
    public string WorkspacePath { get; }

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json { get; }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Opens the <c>--workspace</c> folder.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The workspace.</returns>
    public ValueTask<MLOpsWorkspace> OpenWorkspaceAsync(CancellationToken cancellationToken) =>
        MLOpsWorkspace.OpenAsync(WorkspacePath, cancellationToken);

    /// <summary>Gets an option's or argument's value.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="option">The option.</param>
    /// <returns>The value.</returns>
    public T? Get<T>(Option<T> option) => ParseResult.GetValue(option);

    /// <summary>Gets an argument's value.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="argument">The argument.</param>
    /// <returns>The value.</returns>
    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary>
    /// Writes a result: as JSON (snake_case) with <c>--json</c>, otherwise with the human renderer.
    /// </summary>
    /// <param name="result">The result object.</param>
    /// <param name="human">Renders it for people.</param>
    public void Write(object result, Action<TextWriter> human)
    {
        if (Json)
        {
            JsonOutput.Write(Output, result);
        }
        else
        {
            human(Output);
        }
    }
}
