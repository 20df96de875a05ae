using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MLOps.Serving.Cuda.Kernels;

/// <summary>The compile-cache key: SHA-256 over a version tag, the source, the compiler options and the device's compute capability.</summary>
internal static class KernelCacheKey
{
    private const string Version = "mlops-cuda-kernels/1";

    public static string Compute(string source, IReadOnlyList<string> options, int computeMajor, int computeMinor)
    {
        var text = new StringBuilder()
            .Append(Version).Append('\n')
            .Append("sm_").Append(Arch(computeMajor, computeMinor)).Append('\n')
            .AppendJoin('\u001f', options).Append('\n')
            .Append(source)
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The NVRTC options for a device: its architecture, fast-math off (results must match the CPU within 1e-4), C++17.</summary>
    public static IReadOnlyList<string> CompileOptions(int computeMajor, int computeMinor) =>
        ["--gpu-architecture=compute_" + Arch(computeMajor, computeMinor), "--std=c++17", "-default-device"];

    private static string Arch(int major, int minor) => major.ToString(CultureInfo.InvariantCulture) + minor.ToString(CultureInfo.InvariantCulture);
}
