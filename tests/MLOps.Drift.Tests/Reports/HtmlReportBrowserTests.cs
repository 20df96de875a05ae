using System.Diagnostics;
using MLOps.Data;
using MLOps.Testing;

namespace MLOps.Drift.Tests.Reports;

/// <summary>The HTML report renders in headless Chromium (Debian's chromium), with its SVG charts and no external assets.</summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-drift-html");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Report_is_self_contained_and_renders_its_svg_charts_in_headless_chromium()
    {
        var reference = TestData.Batch(
            ("amount", new Float64Column(TestData.Normal(800))),
            ("city <&>", StringColumn.FromValues([.. Enumerable.Range(0, 800).Select(i => $"c{i % 5}")])));
        var current = TestData.Batch(
            ("amount", new Float64Column(TestData.Normal(700, shift: 0.8, seed: 3))),
            ("city <&>", StringColumn.FromValues([.. Enumerable.Range(0, 700).Select(i => $"c{i % 7}")])));
        var report = new DriftAnalyzer().Compare(reference, current);
        var path = _folder.Combine("report.html");
        await report.WriteHtmlAsync(path);
        var html = await File.ReadAllTextAsync(path);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, CountOf(html, "<svg "));
        Assert.Contains("city &lt;&amp;&gt;", html, StringComparison.Ordinal);

        var chromium = FindChromium();
        if (chromium is null)
        {
            Assert.True(
                Environment.GetEnvironmentVariable("MLOPS_SKIP_BROWSER_TESTS") == "1",
                "Headless Chromium is needed to check that the HTML report renders: install Debian's 'chromium' (apt-get install -y chromium) or set MLOPS_SKIP_BROWSER_TESTS=1.");
            return;
        }

        var dom = await DumpDomAsync(chromium, path);
        Assert.Equal(2, CountOf(dom, "<svg "));
        Assert.True(CountOf(dom, "<rect ") > 20, "the histograms' bars are in the rendered DOM");
        Assert.Contains("Dataset drift", dom, StringComparison.Ordinal);
        Assert.Contains("amount", dom, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string? FindChromium() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium" }.FirstOrDefault(File.Exists);

    private async Task<string> DumpDomAsync(string chromium, string path)
    {
        var profile = _folder.Combine("chromium-profile");
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--dump-dom", new Uri(path).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException ex)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish within 60 s: {await stderr}", ex);
        }

        var dom = await stdout;
        Assert.True(process.ExitCode == 0 && dom.Length > 0, $"Chromium exited {process.ExitCode}: {await stderr}");
        return dom;
    }
}
