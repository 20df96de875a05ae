using System.Globalization;

namespace MLOps.Cuda.Check;

internal sealed record CheckArguments(string? Output, int Device, bool Graphs, IReadOnlyList<string> LibraryPaths, double Seconds, bool OpsOnly)
{
    public static CheckArguments? Parse(string[] args)
    {
        string? output = null;
        var device = 0;
        var graphs = false;
        var opsOnly = false;
        var seconds = 3.0;
        var libraries = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var hasValue = i + 1 < args.Length;
            switch (args[i])
            {
                case "--out" when hasValue:
                    output = args[++i];
                    break;
                case "--device" when hasValue && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out device):
                    i++;
                    break;
                case "--lib" when hasValue:
                    libraries.Add(args[++i]);
                    break;
                case "--seconds" when hasValue && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds > 0:
                    i++;
                    break;
                case "--graphs":
                    graphs = true;
                    break;
                case "--ops-only":
                    opsOnly = true;
                    break;
                default:
                    if (i == 0 && !args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        output = args[i];
                        break;
                    }

                    return null;
            }
        }

        return new CheckArguments(output, device, graphs, libraries, seconds, opsOnly);
    }
}
