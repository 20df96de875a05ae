using System.Text;

namespace MLOps.Cli.Output;

/// <summary>Prints aligned plain-text tables for people.</summary>
public static class TableWriter
{
    /// <summary>Writes a table with a header row and columns padded to their widest cell.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="headers">The column headers.</param>
    /// <param name="rows">The rows; each as many cells as headers.</param>
    public static void Write(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(headers);
        var all = rows.ToList();
        var widths = headers.Select((h, i) => all.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        WriteRow(writer, headers, widths);
        WriteRow(writer, widths.Select(w => new string('-', w)).ToList(), widths);
        foreach (var row in all)
        {
            WriteRow(writer, row, widths);
        }
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            line.Append(i == 0 ? string.Empty : "  ").Append(i == cells.Count - 1 ? cells[i] : cells[i].PadRight(widths[i]));
        }

        writer.WriteLine(line.ToString());
    }
}
