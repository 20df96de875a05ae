using System.Runtime.InteropServices;

namespace MLOps.Serving.Cuda.Native;

/// <summary>cuBLAS (<c>libcublas</c>), column-major, host pointer mode for alpha and beta.</summary>
internal static unsafe partial class Cublas
{
    public const int OperationN = 0;
    public const int OperationT = 1;

    [LibraryImport(CudaLibraryNames.Cublas)]
    public static partial int cublasCreate_v2(out nint handle);

    [LibraryImport(CudaLibraryNames.Cublas)]
    public static partial int cublasDestroy_v2(nint handle);

    [LibraryImport(CudaLibraryNames.Cublas)]
    public static partial int cublasSetStream_v2(nint handle, nint stream);

    [LibraryImport(CudaLibraryNames.Cublas)]
    public static partial int cublasSgemm_v2(nint handle, int transA, int transB, int m, int n, int k, float* alpha, ulong a, int lda, ulong b, int ldb, float* beta, ulong c, int ldc);

    [LibraryImport(CudaLibraryNames.Cublas)]
    public static partial int cublasSgemmStridedBatched(nint handle, int transA, int transB, int m, int n, int k, float* alpha, ulong a, int lda, long strideA, ulong b, int ldb, long strideB, float* beta, ulong c, int ldc, long strideC, int batchCount);
}
