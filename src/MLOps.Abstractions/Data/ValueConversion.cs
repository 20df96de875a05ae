namespace MLOps.Data;

/// <summary>The conversions <see cref="ColumnBuilder.AppendValue"/> accepts: those that keep the value's meaning.</summary>
internal static class ValueConversion
{
    public static bool TryToInt64(object value, out long result)
    {
        switch (value)
        {
            case long v: result = v; return true;
            case int v: result = v; return true;
            case short v: result = v; return true;
            case sbyte v: result = v; return true;
            case byte v: result = v; return true;
            case ushort v: result = v; return true;
            case uint v: result = v; return true;
            case ulong v when v <= long.MaxValue: result = (long)v; return true;
            default: result = 0; return false;
        }
    }

    public static bool TryToInt32(object value, out int result)
    {
        if (TryToInt64(value, out long wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            result = (int)wide;
            return true;
        }

        result = 0;
        return false;
    }

    public static bool TryToFloat64(object value, out double result)
    {
        switch (value)
        {
            case double v: result = v; return true;
            case float v: result = v; return true;
            case decimal v: result = (double)v; return true;
            case ulong v: result = v; return true;
            default:
                bool ok = TryToInt64(value, out long integer);
                result = integer;
                return ok;
        }
    }

    public static bool TryToFloat32(object value, out float result)
    {
        bool ok = TryToFloat64(value, out double wide);
        result = (float)wide;
        return ok;
    }

    public static bool TryToTimestamp(object value, out long microseconds)
    {
        switch (value)
        {
            case DateTimeOffset v: microseconds = TimestampConversion.ToMicroseconds(v); return true;
            case DateTime v: microseconds = TimestampConversion.ToMicroseconds(v); return true;
            default: return TryToInt64(value, out microseconds);
        }
    }
}
