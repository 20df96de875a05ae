using System.Runtime.InteropServices;

namespace MLOps.Serving.Cuda.Native;

/// <summary>cuBLASLt (<c>libcublasLt</c>): matmul with fused bias and activation epilogues.</summary>
internal static unsafe partial class CublasLt
{
    public const int ComputeType32F = 68;
    public const int DataTypeR32F = 0;
    public const int DescTransA = 3;
    public const int DescTransB = 4;
    public const int DescEpilogue = 7;
    public const int DescBiasPointer = 8;
    public const int EpilogueDefault = 1;
    public const int EpilogueRelu = 2;
    public const int EpilogueBias = 4;
    public const int EpilogueReluBias = 6;
    public const int EpilogueGelu = 32;
    public const int EpilogueGeluBias = 36;

    [LibraryImport(CudaLibraryNames.CublasLt)]
    public static partial int cublasLtCreate(out nint handle);

    [LibraryImport(CudaLibraryNames.CublasLt)]
    public static partial int cublasLtDestroy(nint handle);

    [LibraryImport(CudaLibraryNames.CublasLt)]
    public static partial int cublasLtMatmulDescCreate(out nint descriptor, int computeType, int scaleType);

    [LibraryImport(CudaLibraryNames.CublasLt)]
    public static partial int cublasLtMatmulDescDestroy(nint descriptor);

    [LibraryImport(CudaLibraryNames.CublasLt)]
    public static partial int cublasLtMatmulDescSetAttribute(nint descriptor, int attribute, void* value, nuint size);

    [LibraryImport(CudaLibraryNames.CublasLt)]
    public static partial int cublasLtMatrixLayoutCreate(out nint layout, int type, ulong rows, ulong columns, long leadingDimension);

    [LibraryImport(CudaLibraryNames.CublasLt)]
    public static partial int cublasLtMatrixLayoutDestroy(nint layout);

    [LibraryImport(CudaLibraryNames.CublasLt)]
    public static partial int cublasLtMatmul(nint handle, nint descriptor, void* alpha, ulong a, nint aLayout, ulong b, nint bLayout, void* beta, ulong c, nint cLayout, ulong d, nint dLayout, void* algorithm, ulong workspace, nuint workspaceBytes, nint stream);
}
