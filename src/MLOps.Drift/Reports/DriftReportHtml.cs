using System.Globalization;
using System.Net;
using System.Text;

namespace MLOps.Drift;

/// <summary>Renders a <see cref="DriftReport"/> as one self-contained HTML page with inline CSS and inline SVG.</summary>
internal static class DriftReportHtml
{
    private const int Width = 640;
    private const int Height = 220;
    private const int Left = 48;
    private const int Bottom = 28;
    private const int Top = 12;

    public static string Render(DriftReport report, string title)
    {
        var html = new StringBuilder(16_384);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}")
            .Append("td,th{padding:.3rem .7rem;border-bottom:1px solid #ddd;text-align:left}.drift{color:#b00020;font-weight:600}")
            .Append(".ok{color:#1b6e20}section{margin:2rem 0}.note{color:#555;font-size:.9rem}.ref{fill:#1f77b4}.cur{fill:#ff7f0e}")
            .Append("svg text{font-size:10px;fill:#444}svg .axis{stroke:#888}\n</style>\n</head>\n<body>\n<h1>").Append(Encode(title)).Append("</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"summary\">Dataset drift: <strong class=\"{(report.DatasetDrift ? "drift" : "ok")}\">{(report.DatasetDrift ? "yes" : "no")}</strong>: ")
            .Append(CultureInfo.InvariantCulture, $"{report.DriftedColumns} of {report.Columns.Count} columns drifted ({report.DriftedShare:P0}; the dataset drifts at {report.DatasetDriftShare:P0}). ")
            .Append(CultureInfo.InvariantCulture, $"Correction: {report.Correction}. Reference {report.ReferenceRows} rows, current {report.CurrentRows} rows. Made {report.CreatedAt:u}.</p>\n");
        html.Append("<table>\n<thead><tr><th>column</th><th>test</th><th>statistic</th><th>p-value</th><th>threshold</th><th>drifted</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < report.Columns.Count; i++)
        {
            ColumnDriftResult c = report.Columns[i];
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"#c{i}\">{Encode(c.Column)}</a></td><td>{Encode(c.Test)}</td><td>{Number(c.Statistic)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(c.AdjustedPValue is { } p ? Number(p) : "–")}</td><td>{Number(c.Threshold)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"{(c.Drifted ? "drift" : "ok")}\">{(c.Drifted ? "yes" : "no")}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        for (int i = 0; i < report.Columns.Count; i++)
        {
            ColumnDriftResult c = report.Columns[i];
            html.Append(CultureInfo.InvariantCulture, $"<section id=\"c{i}\">\n<h2>{Encode(c.Column)}</h2>\n<p>{Encode(c.Test)}: statistic {Number(c.Statistic)}");
            if (c.PValue is { } p)
            {
                html.Append(CultureInfo.InvariantCulture, $", p-value {Number(p)}");
            }

            html.Append(CultureInfo.InvariantCulture, $", threshold {Number(c.Threshold)}: <span class=\"{(c.Drifted ? "drift" : "ok")}\">{(c.Drifted ? "drift" : "no drift")}</span>.</p>\n");
            if (c.Notes is not null)
            {
                html.Append("<p class=\"note\">").Append(Encode(c.Notes)).Append("</p>\n");
            }

            if (c.Histogram is { } histogram)
            {
                AppendHistogram(html, c.Column, histogram);
            }

            html.Append("</section>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendHistogram(StringBuilder html, string column, ColumnHistogram histogram)
    {
        int bins = histogram.Labels.Count;
        double max = 0;
        for (int i = 0; i < bins; i++)
        {
            max = Math.Max(max, Math.Max(histogram.ReferenceShares[i], histogram.CurrentShares[i]));
        }

        max = max > 0 ? max : 1;
        double plotWidth = Width - Left - 10;
        double plotHeight = Height - Top - Bottom;
        double bar = plotWidth / bins;
        html.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" class=\"histogram\">\n")
            .Append("<title>").Append(Encode(column)).Append(": reference (blue) and current (orange) shares</title>\n")
            .Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - 10}\" y2=\"{Height - Bottom}\"/>\n")
            .Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\"/>\n")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{Top + 8}\">{max:P0}</text><text x=\"4\" y=\"{Height - Bottom}\">0%</text>\n");
        for (int i = 0; i < bins; i++)
        {
            double x = Left + (i * bar);
            AppendBar(html, "ref", x + 1, Math.Max(1, (bar * 0.5) - 1), histogram.ReferenceShares[i] / max * plotHeight, histogram.Labels[i], histogram.ReferenceShares[i]);
            AppendBar(html, "cur", x + (bar * 0.5), Math.Max(1, (bar * 0.5) - 1), histogram.CurrentShares[i] / max * plotHeight, histogram.Labels[i], histogram.CurrentShares[i]);
        }

        string first = histogram.Edges is { } edges ? Number(edges[0]) : Truncate(histogram.Labels[0]);
        string last = histogram.Edges is { } e ? Number(e[^1]) : Truncate(histogram.Labels[^1]);
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 12}\">{Encode(first)}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - 10}\" y=\"{Height - 12}\" text-anchor=\"end\">{Encode(last)}</text>\n")
            .Append(CultureInfo.InvariantCulture, $"<rect class=\"ref\" x=\"{Width - 170}\" y=\"{Top}\" width=\"10\" height=\"10\"/><text x=\"{Width - 156}\" y=\"{Top + 9}\">reference</text>")
            .Append(CultureInfo.InvariantCulture, $"<rect class=\"cur\" x=\"{Width - 90}\" y=\"{Top}\" width=\"10\" height=\"10\"/><text x=\"{Width - 76}\" y=\"{Top + 9}\">current</text>\n")
            .Append("</svg>\n");
    }

    private static void AppendBar(StringBuilder html, string css, double x, double width, double height, string label, double share) =>
        html.Append(CultureInfo.InvariantCulture, $"<rect class=\"{css}\" x=\"{x:F1}\" y=\"{Height - Bottom - height:F1}\" width=\"{width:F1}\" height=\"{height:F1}\"><title>{Encode(label)}: {share:P1}</title></rect>\n");

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Truncate(string text) => text.Length > 24 ? text[..24] + "…" : text;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
