using System.Globalization;

namespace MLOps.Serving.Execution;

/// <summary>Counts physical cores (not SMT siblings) where the OS says; otherwise logical processors.</summary>
internal static class CpuTopology
{
    private static readonly Lazy<int> Cores = new(Count);

    public static int PhysicalCoreCount => Cores.Value;

    private static int Count()
    {
        var logical = Environment.ProcessorCount;
        if (!OperatingSystem.IsLinux())
        {
            return logical;
        }

        try
        {
            var cores = new HashSet<string>(StringComparer.Ordinal);
            for (var cpu = 0; cpu < 4096; cpu++)
            {
                var topology = $"/sys/devices/system/cpu/cpu{cpu.ToString(CultureInfo.InvariantCulture)}/topology";
                if (!Directory.Exists(topology))
                {
                    break;
                }

                var package = File.ReadAllText(Path.Combine(topology, "physical_package_id")).Trim();
                var core = File.ReadAllText(Path.Combine(topology, "core_id")).Trim();
                cores.Add(package + ":" + core);
            }

            // The process may be limited to fewer CPUs than the machine has (containers, affinity).
            return cores.Count == 0 ? logical : Math.Clamp(cores.Count, 1, logical);
        }
        catch (IOException)
        {
            return logical;
        }
        catch (UnauthorizedAccessException)
        {
            return logical;
        }
    }
}
