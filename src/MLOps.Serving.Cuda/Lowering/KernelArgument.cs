namespace MLOps.Serving.Cuda.Lowering;

/// <summary>One argument of a kernel launch, resolved to bytes when the plan is bound to device memory.</summary>
internal readonly record struct KernelArgument(KernelArgumentKind Kind, int Slot, int IntValue, float FloatValue, int[]? Ints, float[]? Floats)
{
    public static KernelArgument Buffer(int slot) => new(KernelArgumentKind.Buffer, slot, 0, 0, null, null);

    public static KernelArgument Int(int value) => new(KernelArgumentKind.Int32, -1, value, 0, null, null);

    public static KernelArgument Float(float value) => new(KernelArgumentKind.Float32, -1, 0, value, null, null);

    public static KernelArgument Struct(int[] values) => new(KernelArgumentKind.IntStruct, -1, 0, 0, values, null);

    public static KernelArgument Constant(float[] values) => new(KernelArgumentKind.ConstantFloats, -1, 0, 0, null, values);

    /// <summary>The argument's size in bytes as the kernel receives it.</summary>
    public int ByteSize => Kind switch
    {
        KernelArgumentKind.Buffer or KernelArgumentKind.ConstantFloats => 8,
        KernelArgumentKind.IntStruct => Ints!.Length * 4,
        _ => 4,
    };
}
