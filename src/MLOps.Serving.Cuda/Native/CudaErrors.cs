using System.Globalization;
using System.Runtime.CompilerServices;

namespace MLOps.Serving.Cuda.Native;

/// <summary>Maps status codes of the driver API, NVRTC and cuBLAS to their names and throws <see cref="CudaException"/> naming the call.</summary>
internal static class CudaErrors
{
    /// <summary>Throws when a driver API call failed.</summary>
    public static void Check(int result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != 0)
        {
            throw new CudaException(CallName(call), result, DriverName(result));
        }
    }

    /// <summary>Throws when an NVRTC call failed.</summary>
    public static void CheckNvrtc(int result, string? log = null, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != 0)
        {
            throw new CudaException(CallName(call), result, NvrtcName(result), log);
        }
    }

    /// <summary>Throws when a cuBLAS or cuBLASLt call failed.</summary>
    public static void CheckCublas(int result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != 0)
        {
            throw new CudaException(CallName(call), result, CublasName(result));
        }
    }

    /// <summary>The function name from a call expression such as <c>CudaDriver.cuInit(0)</c>.</summary>
    public static string CallName(string expression)
    {
        var end = expression.IndexOf('(', StringComparison.Ordinal);
        var head = end < 0 ? expression : expression[..end];
        var dot = head.LastIndexOf('.');
        return dot < 0 ? head.Trim() : head[(dot + 1)..].Trim();
    }

    public static string DriverName(int code) => code switch
    {
        0 => "CUDA_SUCCESS",
        1 => "CUDA_ERROR_INVALID_VALUE",
        2 => "CUDA_ERROR_OUT_OF_MEMORY",
        3 => "CUDA_ERROR_NOT_INITIALIZED",
        4 => "CUDA_ERROR_DEINITIALIZED",
        34 => "CUDA_ERROR_STUB_LIBRARY",
        46 => "CUDA_ERROR_DEVICE_UNAVAILABLE",
        100 => "CUDA_ERROR_NO_DEVICE",
        101 => "CUDA_ERROR_INVALID_DEVICE",
        102 => "CUDA_ERROR_DEVICE_NOT_LICENSED",
        200 => "CUDA_ERROR_INVALID_IMAGE",
        201 => "CUDA_ERROR_INVALID_CONTEXT",
        209 => "CUDA_ERROR_NO_BINARY_FOR_GPU",
        218 => "CUDA_ERROR_INVALID_PTX",
        222 => "CUDA_ERROR_UNSUPPORTED_PTX_VERSION",
        400 => "CUDA_ERROR_INVALID_HANDLE",
        500 => "CUDA_ERROR_NOT_FOUND",
        600 => "CUDA_ERROR_NOT_READY",
        700 => "CUDA_ERROR_ILLEGAL_ADDRESS",
        701 => "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES",
        702 => "CUDA_ERROR_LAUNCH_TIMEOUT",
        719 => "CUDA_ERROR_LAUNCH_FAILED",
        800 => "CUDA_ERROR_NOT_PERMITTED",
        801 => "CUDA_ERROR_NOT_SUPPORTED",
        900 => "CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED",
        901 => "CUDA_ERROR_STREAM_CAPTURE_INVALIDATED",
        905 => "CUDA_ERROR_STREAM_CAPTURE_UNMATCHED",
        906 => "CUDA_ERROR_STREAM_CAPTURE_UNJOINED",
        908 => "CUDA_ERROR_CAPTURED_EVENT",
        999 => "CUDA_ERROR_UNKNOWN",
        _ => "CUDA_ERROR_" + code.ToString(CultureInfo.InvariantCulture),
    };

    public static string NvrtcName(int code) => code switch
    {
        0 => "NVRTC_SUCCESS",
        1 => "NVRTC_ERROR_OUT_OF_MEMORY",
        2 => "NVRTC_ERROR_PROGRAM_CREATION_FAILURE",
        3 => "NVRTC_ERROR_INVALID_INPUT",
        4 => "NVRTC_ERROR_INVALID_PROGRAM",
        5 => "NVRTC_ERROR_INVALID_OPTION",
        6 => "NVRTC_ERROR_COMPILATION",
        7 => "NVRTC_ERROR_BUILTIN_OPERATION_FAILURE",
        11 => "NVRTC_ERROR_INTERNAL_ERROR",
        _ => "NVRTC_ERROR_" + code.ToString(CultureInfo.InvariantCulture),
    };

    public static string CublasName(int code) => code switch
    {
        0 => "CUBLAS_STATUS_SUCCESS",
        1 => "CUBLAS_STATUS_NOT_INITIALIZED",
        3 => "CUBLAS_STATUS_ALLOC_FAILED",
        7 => "CUBLAS_STATUS_INVALID_VALUE",
        8 => "CUBLAS_STATUS_ARCH_MISMATCH",
        11 => "CUBLAS_STATUS_MAPPING_ERROR",
        13 => "CUBLAS_STATUS_EXECUTION_FAILED",
        14 => "CUBLAS_STATUS_INTERNAL_ERROR",
        15 => "CUBLAS_STATUS_NOT_SUPPORTED",
        16 => "CUBLAS_STATUS_LICENSE_ERROR",
        _ => "CUBLAS_STATUS_" + code.ToString(CultureInfo.InvariantCulture),
    };
}
