using System.Globalization;
using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Kernels;

/// <summary>Element conversions for Cast, chosen once per plan.</summary>
internal static unsafe class CastKernels
{
    public delegate void Kernel(in SlotView source, in SlotView destination);

    public static Kernel? Create(DataType from, DataType to)
    {
        if (from == DataType.BFloat16 || to == DataType.BFloat16)
        {
            return CreateBFloat16(from, to);
        }

        if (from == DataType.String)
        {
            return TypeDispatch.TryNumeric(to, new ParseAction(), out Kernel? parse) ? parse
                : to == DataType.Bool ? ParseBool : null;
        }

        if (to == DataType.String)
        {
            return TypeDispatch.TryNumeric(from, new FormatAction(), out Kernel? format) ? format
                : from == DataType.Bool ? FormatBool : null;
        }

        if (from == DataType.Bool)
        {
            return TypeDispatch.TryNumeric(to, new FromBoolAction(), out Kernel? fromBool) ? fromBool : null;
        }

        if (to == DataType.Bool)
        {
            return TypeDispatch.TryNumeric(from, new ToBoolAction(), out Kernel? toBool) ? toBool : null;
        }

        return TypeDispatch.TryNumeric(from, new SourceAction(to), out Kernel? kernel) ? kernel : null;
    }

    private static Kernel? CreateBFloat16(DataType from, DataType to)
    {
        if (from == DataType.BFloat16 && to == DataType.Float)
        {
            return static (in SlotView s, in SlotView d) =>
            {
                var source = (ushort*)s.Pointer;
                var destination = (uint*)d.Pointer;
                for (var i = 0; i < s.Length; i++)
                {
                    destination[i] = (uint)source[i] << 16;
                }
            };
        }

        if (from == DataType.Float && to == DataType.BFloat16)
        {
            // Truncation, as the ONNX reference implementation of this opset does.
            return static (in SlotView s, in SlotView d) =>
            {
                var source = (uint*)s.Pointer;
                var destination = (ushort*)d.Pointer;
                for (var i = 0; i < s.Length; i++)
                {
                    destination[i] = (ushort)(source[i] >> 16);
                }
            };
        }

        return null;
    }

    private static void ParseBool(in SlotView s, in SlotView d)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var text = s.Strings![i];
            d.Pointer[i] = (byte)(bool.TryParse(text, out var value) ? (value ? 1 : 0)
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number != 0 ? 1 : 0);
        }
    }

    private static void FormatBool(in SlotView s, in SlotView d)
    {
        for (var i = 0; i < s.Length; i++)
        {
            d.Strings![i] = s.Pointer[i] != 0 ? "1" : "0";
        }
    }

    private readonly struct SourceAction(DataType to) : INumericAction<Kernel?>
    {
        public Kernel? Invoke<TFrom>()
            where TFrom : unmanaged, INumber<TFrom> =>
            TypeDispatch.TryNumeric(to, new TargetAction<TFrom>(), out Kernel? kernel) ? kernel : null;
    }

    private readonly struct TargetAction<TFrom> : INumericAction<Kernel?>
        where TFrom : unmanaged, INumber<TFrom>
    {
        public Kernel? Invoke<TTo>()
            where TTo : unmanaged, INumber<TTo> => static (in SlotView s, in SlotView d) =>
            {
                var source = (TFrom*)s.Pointer;
                var destination = (TTo*)d.Pointer;
                for (var i = 0; i < s.Length; i++)
                {
                    destination[i] = Convert<TFrom, TTo>(source[i]);
                }
            };
    }

    /// <summary>C-style conversion: floating to integer truncates toward zero (NaN gives 0); integers wrap.</summary>
    public static TTo Convert<TFrom, TTo>(TFrom value)
        where TFrom : INumber<TFrom>
        where TTo : INumber<TTo>
    {
        if (typeof(TFrom) == typeof(Half))
        {
            return TTo.CreateTruncating((float)(Half)(object)value);
        }

        if (typeof(TTo) == typeof(Half))
        {
            return TTo.CreateTruncating(double.CreateTruncating(value));
        }

        return TTo.CreateTruncating(value);
    }

    private readonly struct ToBoolAction : INumericAction<Kernel?>
    {
        public Kernel? Invoke<T>()
            where T : unmanaged, INumber<T> => static (in SlotView s, in SlotView d) =>
            {
                var source = (T*)s.Pointer;
                for (var i = 0; i < s.Length; i++)
                {
                    d.Pointer[i] = (byte)(T.IsZero(source[i]) ? 0 : 1);
                }
            };
    }

    private readonly struct FromBoolAction : INumericAction<Kernel?>
    {
        public Kernel? Invoke<T>()
            where T : unmanaged, INumber<T> => static (in SlotView s, in SlotView d) =>
            {
                var destination = (T*)d.Pointer;
                for (var i = 0; i < s.Length; i++)
                {
                    destination[i] = s.Pointer[i] != 0 ? T.One : T.Zero;
                }
            };
    }

    private readonly struct ParseAction : INumericAction<Kernel?>
    {
        public Kernel? Invoke<T>()
            where T : unmanaged, INumber<T> => static (in SlotView s, in SlotView d) =>
            {
                var destination = (T*)d.Pointer;
                for (var i = 0; i < s.Length; i++)
                {
                    var text = s.Strings![i].Trim();
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    {
                        value = text.ToUpperInvariant() switch
                        {
                            "INF" or "+INF" or "INFINITY" or "+INFINITY" => double.PositiveInfinity,
                            "-INF" or "-INFINITY" => double.NegativeInfinity,
                            "NAN" or "+NAN" or "-NAN" => double.NaN,
                            _ => throw new ValidationException($"Cast: '{s.Strings[i]}' (element {i}) is not a number."),
                        };
                    }

                    destination[i] = typeof(T) == typeof(float) ? (T)(object)(float)value : Convert<double, T>(value);
                }
            };
    }

    private readonly struct FormatAction : INumericAction<Kernel?>
    {
        public Kernel? Invoke<T>()
            where T : unmanaged, INumber<T> => static (in SlotView s, in SlotView d) =>
            {
                var source = (T*)s.Pointer;
                for (var i = 0; i < s.Length; i++)
                {
                    d.Strings![i] = Format(source[i]);
                }
            };

        private static string Format<T>(T value)
            where T : INumber<T>
        {
            if (typeof(T) == typeof(float))
            {
                var f = (float)(object)value;
                return float.IsNaN(f) ? "NaN" : float.IsPositiveInfinity(f) ? "INF" : float.IsNegativeInfinity(f) ? "-INF" : f.ToString("R", CultureInfo.InvariantCulture);
            }

            if (typeof(T) == typeof(double))
            {
                var f = (double)(object)value;
                return double.IsNaN(f) ? "NaN" : double.IsPositiveInfinity(f) ? "INF" : double.IsNegativeInfinity(f) ? "-INF" : f.ToString("R", CultureInfo.InvariantCulture);
            }

            return value.ToString(null, CultureInfo.InvariantCulture);
        }
    }
}
