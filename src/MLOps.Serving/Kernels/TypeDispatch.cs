using MLOps.Serving.Graph;

namespace MLOps.Serving.Kernels;

/// <summary>Calls a generic action with the CLR type of a numeric <see cref="DataType"/>.</summary>
internal static class TypeDispatch
{
    public static bool IsNumeric(DataType type) => type is DataType.Float or DataType.Double or DataType.Float16
        or DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64
        or DataType.UInt8 or DataType.UInt16 or DataType.UInt32 or DataType.UInt64;

    /// <summary>Runs the action for a numeric type; returns false for bool, string and bfloat16.</summary>
    public static bool TryNumeric<TAction, TResult>(DataType type, TAction action, out TResult result)
        where TAction : INumericAction<TResult>
    {
        switch (type)
        {
            case DataType.Float: result = action.Invoke<float>(); return true;
            case DataType.Double: result = action.Invoke<double>(); return true;
            case DataType.Float16: result = action.Invoke<Half>(); return true;
            case DataType.Int8: result = action.Invoke<sbyte>(); return true;
            case DataType.Int16: result = action.Invoke<short>(); return true;
            case DataType.Int32: result = action.Invoke<int>(); return true;
            case DataType.Int64: result = action.Invoke<long>(); return true;
            case DataType.UInt8: result = action.Invoke<byte>(); return true;
            case DataType.UInt16: result = action.Invoke<ushort>(); return true;
            case DataType.UInt32: result = action.Invoke<uint>(); return true;
            case DataType.UInt64: result = action.Invoke<ulong>(); return true;
            default: result = default!; return false;
        }
    }

    /// <summary>Runs the action for float, double or half; returns false for other types.</summary>
    public static bool TryFloating<TAction, TResult>(DataType type, TAction action, out TResult result)
        where TAction : IFloatingAction<TResult>
    {
        switch (type)
        {
            case DataType.Float: result = action.Invoke<float>(); return true;
            case DataType.Double: result = action.Invoke<double>(); return true;
            case DataType.Float16: result = action.Invoke<Half>(); return true;
            default: result = default!; return false;
        }
    }
}
