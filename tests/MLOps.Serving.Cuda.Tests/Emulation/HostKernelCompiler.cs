using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace MLOps.Serving.Cuda.Tests.Emulation;

/// <summary>
/// Compiles a kernel source with g++ into a shared library whose <c>mlops_run(void**)</c> calls the kernel
/// with a <c>cuLaunchKernel</c>-style parameter array, as one block of one thread: every kernel is a
/// grid-stride loop (or a block reduction that degenerates correctly to one thread), so one thread covers the work.
/// </summary>
internal static class HostKernelCompiler
{
    private const string StandIns = """
        #include <math.h>
        #include <stddef.h>
        #include <utility>
        #define __global__
        #define __restrict__
        #define __shared__
        struct dim3_ { unsigned x, y, z; };
        static dim3_ blockIdx = {0, 0, 0}, threadIdx = {0, 0, 0}, blockDim = {1, 1, 1}, gridDim = {1, 1, 1};
        float shared[4096];
        inline void __syncthreads() {}
        inline float __int_as_float(unsigned v) { float f; __builtin_memcpy(&f, &v, 4); return f; }
        inline float rsqrtf(float v) { return 1.0f / sqrtf(v); }

        """;

    private static readonly ConcurrentDictionary<string, nint> Functions = new(StringComparer.Ordinal);
    private static readonly string Folder = Directory.CreateTempSubdirectory("mlops-cuda-host-kernels-").FullName;

    public static bool Available => File.Exists("/usr/bin/g++");

    public static nint Get(string entry, string source) => Functions.GetOrAdd(entry + "\n" + source, _ =>
    {
        var invoker = $$"""

            template <typename... P, size_t... I> static void mlops_invoke(void (*f)(P...), void** a, std::index_sequence<I...>) { f(*(P*)a[I]...); }
            template <typename... P> static void mlops_invoke(void (*f)(P...), void** a) { mlops_invoke(f, a, std::index_sequence_for<P...>{}); }
            extern "C" void mlops_run(void** a) { mlops_invoke({{entry}}, a); }
            """;
        var text = StandIns + source + invoker;
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        var cpp = Path.Combine(Folder, name + ".cpp");
        var library = Path.Combine(Folder, name + ".so");
        File.WriteAllText(cpp, text);
        var start = new ProcessStartInfo("/usr/bin/g++") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-std=c++17", "-O1", "-shared", "-fPIC", "-o", library, cpp })
        {
            start.ArgumentList.Add(argument);
        }

        using var compiler = Process.Start(start)!;
        var errors = compiler.StandardError.ReadToEnd();
        compiler.WaitForExit();
        if (compiler.ExitCode != 0)
        {
            throw new InvalidOperationException($"g++ failed for {entry}: {errors}");
        }

        return NativeLibrary.GetExport(NativeLibrary.Load(library), "mlops_run");
    });
}
