using System.Runtime.InteropServices;
using MLOps.Serving.Cuda.Lowering;

namespace MLOps.Serving.Cuda.Runtime;

/// <summary>
/// Writes a launch's arguments the way <c>cuLaunchKernel</c> reads them: one 8-byte-aligned value per
/// argument, then the array of pointers to them. Shared by the executor and the host emulation in the tests.
/// </summary>
internal static unsafe class KernelArgumentBlock
{
    /// <summary>Allocates and fills the block; free it with <see cref="NativeMemory.Free"/>.</summary>
    /// <returns>The block, and the <c>void**</c> parameter array inside it.</returns>
    public static (nint Block, nint Parameters) Write(IReadOnlyList<KernelArgument> arguments, Func<int, ulong> buffer, Func<float[], ulong> constant)
    {
        var valueBytes = arguments.Sum(static a => (a.ByteSize + 7) / 8 * 8);
        var block = (byte*)NativeMemory.AllocZeroed((nuint)(valueBytes + (arguments.Count * sizeof(void*))));
        var pointers = (void**)(block + valueBytes);
        var cursor = block;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            pointers[i] = cursor;
            switch (argument.Kind)
            {
                case KernelArgumentKind.Buffer:
                    *(ulong*)cursor = buffer(argument.Slot);
                    break;
                case KernelArgumentKind.ConstantFloats:
                    *(ulong*)cursor = constant(argument.Floats!);
                    break;
                case KernelArgumentKind.Int32:
                    *(int*)cursor = argument.IntValue;
                    break;
                case KernelArgumentKind.Float32:
                    *(float*)cursor = argument.FloatValue;
                    break;
                case KernelArgumentKind.IntStruct:
                    argument.Ints!.AsSpan().CopyTo(new Span<int>(cursor, argument.Ints!.Length));
                    break;
                default:
                    NativeMemory.Free(block);
                    throw new InvalidOperationException($"Unknown kernel argument {argument.Kind}.");
            }

            cursor += (argument.ByteSize + 7) / 8 * 8;
        }

        return ((nint)block, (nint)pointers);
    }
}
