using System.CommandLine;
using System.Globalization;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;
using MLOps.Drift;
using MLOps.Storage.Csv;

namespace MLOps.Cli.Commands.Drift;

/// <summary>
/// <c>mlops drift --reference REF.csv --current CUR.csv [--columns a,b] [--test COLUMN=TEST …]
/// [--correction none|bonferroni|bh] [--html report.html]</c>, and <c>mlops drift bench --rows N</c>.
/// </summary>
public static class DriftCommands
{
    /// <summary>Creates the command (with its own action) and its subcommands.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var reference = new Option<FileInfo>("--reference", "-r") { Description = "The reference CSV file." };
        var current = new Option<FileInfo>("--current", "-c") { Description = "The current CSV file." };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated columns to test (default: every column both files have, timestamps excepted)." };
        var tests = new Option<string[]>("--test", "-t") { Description = "COLUMN=TEST, repeatable; TEST is one of " + string.Join(", ", DriftTestCatalog.Names) + "." };
        var correction = new Option<string>("--correction") { Description = "Multiple-testing correction: none, bonferroni or bh (Benjamini-Hochberg).", DefaultValueFactory = _ => "none" };
        var share = new Option<double>("--drift-share") { Description = "The share of drifted columns at which the dataset drifts.", DefaultValueFactory = _ => 0.5 };
        var html = new Option<FileInfo?>("--html") { Description = "Also write the report as one self-contained HTML file." };
        var command = new Command("drift", "Compare a current CSV with a reference CSV, column by column, with statistical tests.")
        {
            reference, current, columns, tests, correction, share, html,
        };
        command.Subcommands.Add(DriftBenchCommand.Create(actions));
        actions.Set(command, async (context, cancellationToken) =>
        {
            FileInfo referenceFile = context.Get(reference) ?? throw new ValidationException("--reference REF.csv is required (or use 'mlops drift bench').");
            FileInfo currentFile = context.Get(current) ?? throw new ValidationException("--current CUR.csv is required.");
            var options = new DriftOptions
            {
                Correction = ParseCorrection(context.Get(correction) ?? "none"),
                DatasetDriftShare = context.Get(share),
            };
            if (context.Get(columns) is { } list)
            {
                options.Columns = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }

            foreach (string spec in context.Get(tests) ?? [])
            {
                int eq = spec.LastIndexOf('=');
                if (eq <= 0 || eq == spec.Length - 1)
                {
                    throw new ValidationException($"--test '{spec}' is not COLUMN=TEST.");
                }

                options.Tests[spec[..eq]] = DriftTestCatalog.Create(spec[(eq + 1)..]);
            }

            var referenceData = await CsvReader.ReadAllAsync(referenceFile.FullName, cancellationToken: cancellationToken);
            var currentData = await CsvReader.ReadAllAsync(currentFile.FullName, cancellationToken: cancellationToken);
            DriftReport report = new DriftAnalyzer(options).Compare(referenceData, currentData);
            if (context.Get(html) is { } htmlFile)
            {
                await report.WriteHtmlAsync(htmlFile.FullName, $"Drift: {currentFile.Name} vs {referenceFile.Name}", cancellationToken);
            }

            context.Write(ToJson(report), o => WriteHuman(o, report));
            return 0;
        });
        return command;
    }

    internal static MultipleTestingCorrection ParseCorrection(string text) => text.ToLowerInvariant() switch
    {
        "none" => MultipleTestingCorrection.None,
        "bonferroni" => MultipleTestingCorrection.Bonferroni,
        "bh" or "benjamini_hochberg" or "fdr" => MultipleTestingCorrection.BenjaminiHochberg,
        _ => throw new ValidationException($"--correction '{text}' is not one of none, bonferroni, bh."),
    };

    private static DriftResultJson ToJson(DriftReport report) => new(
        report.DatasetDrift,
        report.DriftedShare,
        report.Correction,
        [.. report.Columns.Select(c => new ColumnJson(c.Column, c.Test, c.Statistic, c.PValue, c.AdjustedPValue, c.Threshold, c.Drifted, c.EffectSize, c.Notes))]);

    private static void WriteHuman(TextWriter output, DriftReport report)
    {
        output.WriteLine($"Dataset drift: {(report.DatasetDrift ? "YES" : "no")} ({report.DriftedColumns} of {report.Columns.Count} columns drifted, {report.DriftedShare.ToString("P0", CultureInfo.InvariantCulture)})");
        TableWriter.Write(
            output,
            ["column", "test", "statistic", "p_value", "threshold", "drifted"],
            report.Columns.Select(c => (IReadOnlyList<string>)
            [
                c.Column,
                c.Test,
                c.Statistic.ToString("G6", CultureInfo.InvariantCulture),
                c.AdjustedPValue?.ToString("G4", CultureInfo.InvariantCulture) ?? "-",
                c.Threshold.ToString("G4", CultureInfo.InvariantCulture),
                c.Drifted ? "yes" : "no",
            ]));
    }

    private sealed record DriftResultJson(bool DatasetDrift, double DriftedShare, MultipleTestingCorrection Correction, IReadOnlyList<ColumnJson> Columns);

    private sealed record ColumnJson(string Column, string Test, double Statistic, double? PValue, double? AdjustedPValue, double Threshold, bool Drifted, double? EffectSize, string? Notes);
}
