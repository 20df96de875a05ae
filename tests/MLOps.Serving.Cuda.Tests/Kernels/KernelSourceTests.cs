using MLOps.Serving.Cuda.Kernels;

namespace MLOps.Serving.Cuda.Tests.Kernels;

/// <summary>Kernel sources and the compile cache, without compiling.</summary>
public sealed class KernelSourceTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("mlops-cuda-kernels-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public void Generated_sources_are_deterministic_and_define_their_entry_points()
    {
        var first = CudaKernelSources.All().ToList();
        var second = CudaKernelSources.All().ToList();

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Select(k => k.Entry).Distinct(StringComparer.Ordinal).Count());
        foreach (var (entry, source) in first)
        {
            Assert.Contains($"extern \"C\" __global__ void {entry}(", source, StringComparison.Ordinal);
            Assert.Equal(source.Count(c => c == '{'), source.Count(c => c == '}'));
            Assert.Equal(source.Count(c => c == '('), source.Count(c => c == ')'));
            Assert.DoesNotContain("{{", source, StringComparison.Ordinal);
            Assert.DoesNotContain("#include", source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_unary_and_binary_function_has_an_expression_and_uses_only_its_operands()
    {
        Assert.Contains("erff(", CudaKernelSources.Unary("Gelu"), StringComparison.Ordinal);
        Assert.Contains("tanhf(", CudaKernelSources.Unary("GeluTanh"), StringComparison.Ordinal);
        Assert.Contains("y[i] = a / b;", CudaKernelSources.Binary("Div"), StringComparison.Ordinal);
        Assert.Contains("acc / (float)s.count", CudaKernelSources.Reduce("ReduceMean"), StringComparison.Ordinal);
        Assert.Contains("const long long*", CudaKernelSources.Gather(int64Indices: true), StringComparison.Ordinal);
        Assert.Contains("const int*", CudaKernelSources.Gather(int64Indices: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_keys_change_with_the_source_the_options_and_the_compute_capability()
    {
        var source = CudaKernelSources.Unary("Relu");
        var options = KernelCacheKey.CompileOptions(9, 0);
        var key = KernelCacheKey.Compute(source, options, 9, 0);

        Assert.Equal(key, KernelCacheKey.Compute(source, options, 9, 0));
        Assert.Equal(64, key.Length);
        Assert.NotEqual(key, KernelCacheKey.Compute(CudaKernelSources.Unary("Tanh"), options, 9, 0));
        Assert.NotEqual(key, KernelCacheKey.Compute(source, KernelCacheKey.CompileOptions(8, 0), 9, 0));
        Assert.NotEqual(key, KernelCacheKey.Compute(source, options, 8, 6));
        Assert.NotEqual(key, KernelCacheKey.Compute(source, [.. options, "--use_fast_math"], 9, 0));
        Assert.Contains("--gpu-architecture=compute_90", options);
    }

    [Fact]
    public void The_disk_cache_compiles_once_and_reads_the_file_afterwards()
    {
        var compiles = 0;
        var cache = new KernelDiskCache(Path.Combine(_cache, "nested"));
        byte[] Compile(string source, IReadOnlyList<string> options)
        {
            compiles++;
            return [.. "// ptx"u8, 0];
        }

        var source = CudaKernelSources.SoftmaxRows();
        var first = cache.GetOrCompile(source, KernelCacheKey.CompileOptions(8, 6), 8, 6, Compile);
        var second = new KernelDiskCache(Path.Combine(_cache, "nested")).GetOrCompile(source, KernelCacheKey.CompileOptions(8, 6), 8, 6, Compile);
        cache.GetOrCompile(source, KernelCacheKey.CompileOptions(9, 0), 9, 0, Compile);

        Assert.Equal(2, compiles);
        Assert.Equal(first, second);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_cache, "nested"), "*.ptx").Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(_cache, "nested"), "*.tmp"));
    }

    [Fact]
    public void An_unwritable_cache_still_returns_the_compiled_kernel()
    {
        var file = Path.Combine(_cache, "not-a-folder");
        File.WriteAllText(file, "x");
        var cache = new KernelDiskCache(file);

        var ptx = cache.GetOrCompile("src", ["-o"], 8, 0, (_, _) => [1, 2, 3]);

        Assert.Equal([1, 2, 3], ptx);
    }
}
