using System.Runtime.InteropServices;
using System.Text;
using MLOps.Serving.Cuda.Native;

namespace MLOps.Serving.Cuda.Runtime;

/// <summary>Compiles CUDA C to PTX with NVRTC; a compile error carries NVRTC's log.</summary>
internal static unsafe class NvrtcCompiler
{
    public static byte[] Compile(string source, IReadOnlyList<string> options)
    {
        CudaErrors.CheckNvrtc(Nvrtc.nvrtcCreateProgram(out var program, source, "mlops_kernel.cu", 0, 0, 0));
        var pointers = new nint[options.Count];
        try
        {
            for (var i = 0; i < options.Count; i++)
            {
                pointers[i] = Marshal.StringToCoTaskMemUTF8(options[i]);
            }

            fixed (nint* optionPointers = pointers)
            {
                var result = Nvrtc.nvrtcCompileProgram(program, options.Count, (byte**)optionPointers);
                if (result != 0)
                {
                    CudaErrors.CheckNvrtc(result, Log(program), "nvrtcCompileProgram");
                }
            }

            CudaErrors.CheckNvrtc(Nvrtc.nvrtcGetPTXSize(program, out var size));
            var ptx = new byte[(int)size];
            fixed (byte* destination = ptx)
            {
                CudaErrors.CheckNvrtc(Nvrtc.nvrtcGetPTX(program, destination));
            }

            return ptx;
        }
        finally
        {
            foreach (var pointer in pointers)
            {
                Marshal.FreeCoTaskMem(pointer);
            }

            Nvrtc.nvrtcDestroyProgram(ref program);
        }
    }

    private static string Log(nint program)
    {
        if (Nvrtc.nvrtcGetProgramLogSize(program, out var size) != 0 || size == 0)
        {
            return "no compile log";
        }

        var log = new byte[(int)size];
        fixed (byte* destination = log)
        {
            Nvrtc.nvrtcGetProgramLog(program, destination);
        }

        return Encoding.UTF8.GetString(log).TrimEnd('\0').Trim();
    }
}
