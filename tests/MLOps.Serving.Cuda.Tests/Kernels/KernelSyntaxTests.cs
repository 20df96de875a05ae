using System.Diagnostics;
using MLOps.Serving.Cuda.Kernels;

namespace MLOps.Serving.Cuda.Tests.Kernels;

/// <summary>
/// Without NVRTC, the next best check: every kernel source parses and type-checks as C++ with a host
/// compiler, given stand-ins for CUDA's keywords, built-in variables and device math. Catches typos,
/// undeclared names and type errors before a GPU session compiles them for real. Skips without g++.
/// </summary>
public sealed class KernelSyntaxTests : IDisposable
{
    private const string CudaStandIns = """
        #include <math.h>
        #define __global__
        #define __restrict__
        #define __shared__
        struct dim3_ { unsigned x, y, z; };
        static dim3_ blockIdx, blockDim, threadIdx, gridDim;
        inline void __syncthreads() {}
        inline float __int_as_float(unsigned v) { float f; __builtin_memcpy(&f, &v, 4); return f; }
        inline float rsqrtf(float v) { return 1.0f / sqrtf(v); }

        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-cuda-syntax-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableFact]
    public void Every_kernel_source_type_checks_as_cpp()
    {
        Skip.IfNot(File.Exists("/usr/bin/g++"), "g++ is not installed; the kernel sources were not syntax-checked.");
        var sources = CudaKernelSources.All().ToList();
        for (var i = 0; i < sources.Count; i++)
        {
            File.WriteAllText(Path.Combine(_folder, $"k{i}.cpp"), CudaStandIns + sources[i].Source);
        }

        var start = new ProcessStartInfo("/usr/bin/g++") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = _folder };
        foreach (var argument in new[] { "-std=c++17", "-fsyntax-only", "-Wall", "-Werror", "-Wno-unused-variable" }.Concat(Enumerable.Range(0, sources.Count).Select(i => $"k{i}.cpp")))
        {
            start.ArgumentList.Add(argument);
        }

        using var compiler = Process.Start(start)!;
        var errors = compiler.StandardError.ReadToEnd();
        compiler.WaitForExit();

        Assert.True(compiler.ExitCode == 0, errors);
    }
}
