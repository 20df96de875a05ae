using System.Runtime.InteropServices;

namespace MLOps.Serving.Cuda.Native;

/// <summary>NVRTC, the CUDA runtime compiler (<c>libnvrtc</c>): CUDA C source to PTX.</summary>
internal static unsafe partial class Nvrtc
{
    [LibraryImport(CudaLibraryNames.Nvrtc)]
    public static partial int nvrtcVersion(out int major, out int minor);

    [LibraryImport(CudaLibraryNames.Nvrtc, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int nvrtcCreateProgram(out nint program, string source, string name, int headerCount, nint headers, nint includeNames);

    [LibraryImport(CudaLibraryNames.Nvrtc)]
    public static partial int nvrtcCompileProgram(nint program, int optionCount, byte** options);

    [LibraryImport(CudaLibraryNames.Nvrtc)]
    public static partial int nvrtcGetPTXSize(nint program, out nuint size);

    [LibraryImport(CudaLibraryNames.Nvrtc)]
    public static partial int nvrtcGetPTX(nint program, byte* ptx);

    [LibraryImport(CudaLibraryNames.Nvrtc)]
    public static partial int nvrtcGetProgramLogSize(nint program, out nuint size);

    [LibraryImport(CudaLibraryNames.Nvrtc)]
    public static partial int nvrtcGetProgramLog(nint program, byte* log);

    [LibraryImport(CudaLibraryNames.Nvrtc)]
    public static partial int nvrtcDestroyProgram(ref nint program);
}
