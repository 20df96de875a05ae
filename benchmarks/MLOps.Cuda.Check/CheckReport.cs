using System.Text.Json;

namespace MLOps.Cuda.Check;

internal static class CheckReport
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static void Write(string? path, object report)
    {
        if (path is null)
        {
            return;
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, JsonSerializer.Serialize(report, Options));
        Console.WriteLine($"results written to {full}");
    }
}
