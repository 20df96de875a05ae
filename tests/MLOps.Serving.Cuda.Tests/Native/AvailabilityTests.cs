using MLOps.Serving.Cuda.Native;
using MLOps.Serving.Onnx;

namespace MLOps.Serving.Cuda.Tests.Native;

/// <summary>On a machine without CUDA: availability is false without throwing, and using CUDA fails naming every path searched.</summary>
public sealed class AvailabilityTests
{
    [Fact]
    public void IsAvailable_never_throws()
    {
        var available = CudaExecutor.IsAvailable;
        var (probed, report) = CudaExecutor.Probe(new CudaOptions { LibraryPaths = ["/nonexistent/cuda/lib64"] });

        Assert.Equal(available, probed);
        Assert.False(string.IsNullOrWhiteSpace(report));
    }

    [SkippableFact]
    public void Without_CUDA_loading_a_model_fails_listing_every_path_searched()
    {
        Skip.If(CudaExecutor.IsAvailable, "CUDA is available on this machine; the failure path cannot be observed.");
        var options = new CudaOptions { LibraryPaths = ["/nonexistent/explicit/lib"] };

        var error = Assert.Throws<CudaUnavailableException>(() => CudaExecutor.Load(SyntheticModels.Mlp([4, 3]), options));

        Assert.StartsWith("CUDA not available (CUDA_PATH=", error.Message, StringComparison.Ordinal);
        Assert.Contains("CudaOptions.LibraryPaths=[/nonexistent/explicit/lib]", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot open shared object file", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("strace", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/explicit/lib/ (no such folder)", error.Message, StringComparison.Ordinal);
        Assert.Contains("/usr/lib/x86_64-linux-gnu", error.Message, StringComparison.Ordinal);
        Assert.Contains("/usr/local/cuda/lib64", error.Message, StringComparison.Ordinal);
        Assert.Contains("libcuda.so.1", error.Message, StringComparison.Ordinal);
        Assert.Equal(MLOpsErrorKind.Unavailable, error.Kind);
    }

    [SkippableFact]
    public void Without_CUDA_describing_a_device_fails_clearly()
    {
        Skip.If(CudaExecutor.IsAvailable, "CUDA is available on this machine.");

        var error = Assert.Throws<CudaUnavailableException>(() => CudaExecutor.GetDevice(0));

        Assert.Contains("searched", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_codes_map_to_exceptions_naming_the_call_and_the_CUDA_error()
    {
        var error = Assert.Throws<CudaException>(() => CudaErrors.Check(2, "CudaDriver.cuMemAlloc_v2(out var pointer, (nuint)bytes)"));

        Assert.Equal("cuMemAlloc_v2", error.Call);
        Assert.Equal("CUDA_ERROR_OUT_OF_MEMORY", error.ErrorName);
        Assert.Equal("cuMemAlloc_v2 failed with CUDA_ERROR_OUT_OF_MEMORY (2).", error.Message);
        Assert.Equal("NVRTC_ERROR_COMPILATION", CudaErrors.NvrtcName(6));
        Assert.Equal("CUBLAS_STATUS_EXECUTION_FAILED", CudaErrors.CublasName(13));
        Assert.Equal("CUDA_ERROR_12345", CudaErrors.DriverName(12345));
        Assert.Contains("expected ';'", Assert.Throws<CudaException>(() => CudaErrors.CheckNvrtc(6, "expected ';'", "nvrtcCompileProgram")).Message, StringComparison.Ordinal);
        CudaErrors.Check(0);
    }
}
