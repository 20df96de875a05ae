using MLOps.Serving.Graph;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Kernels;

/// <summary>Copies runs of elements of any type, bytes or strings, by element index.</summary>
internal static unsafe class ElementCopy
{
    public static void Copy(in SlotView source, long sourceIndex, in SlotView destination, long destinationIndex, long count)
    {
        if (count <= 0)
        {
            return;
        }

        if (source.Strings is not null)
        {
            Array.Copy(source.Strings, sourceIndex, destination.Strings!, destinationIndex, count);
            return;
        }

        var size = DataTypes.SizeOf(source.Type);
        var bytes = count * size;
        Buffer.MemoryCopy(source.Pointer + (sourceIndex * size), destination.Pointer + (destinationIndex * size), bytes, bytes);
    }

    /// <summary>Copies one element, for gathers whose runs are a single element long.</summary>
    public static void CopyOne(in SlotView source, long sourceIndex, in SlotView destination, long destinationIndex, int size)
    {
        switch (size)
        {
            case 4:
                ((int*)destination.Pointer)[destinationIndex] = ((int*)source.Pointer)[sourceIndex];
                break;
            case 8:
                ((long*)destination.Pointer)[destinationIndex] = ((long*)source.Pointer)[sourceIndex];
                break;
            case 1:
                destination.Pointer[destinationIndex] = source.Pointer[sourceIndex];
                break;
            case 2:
                ((short*)destination.Pointer)[destinationIndex] = ((short*)source.Pointer)[sourceIndex];
                break;
            default:
                destination.Strings![destinationIndex] = source.Strings![sourceIndex];
                break;
        }
    }

    /// <summary>The element size for <see cref="CopyOne"/>: bytes per element, or 0 for strings.</summary>
    public static int SizeOf(DataType type) => type == DataType.String ? 0 : DataTypes.SizeOf(type);
}
