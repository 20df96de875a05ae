using System.Numerics;
using System.Numerics.Tensors;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Kernels;

/// <summary>ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2, ReduceLogSum, ReduceLogSumExp, ReduceSumSquare.</summary>
internal sealed unsafe class ReduceKernel<T> : IStepKernel
    where T : unmanaged, INumber<T>
{
    private readonly ReductionLayout _layout;
    private readonly string _kind;
    private readonly int _mode;

    public ReduceKernel(ReductionLayout layout, string kind)
    {
        _layout = layout;
        _kind = kind;
        _mode = kind switch
        {
            "ReduceSum" => 0,
            "ReduceMean" => 1,
            "ReduceMax" => 2,
            "ReduceMin" => 3,
            "ReduceProd" => 4,
            "ReduceL1" => 5,
            "ReduceL2" => 6,
            "ReduceLogSum" => 7,
            "ReduceLogSumExp" => 8,
            "ReduceSumSquare" => 9,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown reduction."),
        };
    }

    public string Kind => _kind;

    public void Run(KernelContext context)
    {
        var input = context.InputPointer<T>(0);
        var output = context.OutputPointer<T>(0);
        var count = _layout.ReducedCount;
        if (_layout.Contiguous)
        {
            for (var o = 0; o < _layout.OutputCount; o++)
            {
                output[o] = ReduceRun(new ReadOnlySpan<T>(input + ((long)o * count), count));
            }

            return;
        }

        var offsets = _layout.ReducedOffsets;
        for (var o = 0; o < _layout.OutputCount; o++)
        {
            var start = input + _layout.Starts[o];
            output[o] = ReduceStrided(start, offsets);
        }
    }

    private T ReduceRun(ReadOnlySpan<T> run)
    {
        if (run.IsEmpty)
        {
            return Empty();
        }

        return _mode switch
        {
            0 => TensorPrimitives.Sum(run),
            1 => TensorPrimitives.Sum(run) / T.CreateTruncating(run.Length),
            2 => TensorPrimitives.Max(run),
            3 => TensorPrimitives.Min(run),
            4 => TensorPrimitives.Product(run),
            5 => SumAbs(run),
            6 => Sqrt(SumSquares(run)),
            7 => Log(TensorPrimitives.Sum(run)),
            8 => LogSumExp(run),
            _ => SumSquares(run),
        };
    }

    private T ReduceStrided(T* start, long[] offsets)
    {
        if (offsets.Length == 0)
        {
            return Empty();
        }

        if (_mode == 8)
        {
            var max = start[offsets[0]];
            foreach (var offset in offsets)
            {
                max = T.Max(max, start[offset]);
            }

            double sum = 0;
            foreach (var offset in offsets)
            {
                sum += Math.Exp(double.CreateTruncating(start[offset] - max));
            }

            return max + T.CreateTruncating(Math.Log(sum));
        }

        var accumulator = _mode switch
        {
            2 or 3 => start[offsets[0]],
            4 => T.One,
            _ => T.Zero,
        };
        foreach (var offset in offsets)
        {
            var v = start[offset];
            accumulator = _mode switch
            {
                2 => T.Max(accumulator, v),
                3 => T.Min(accumulator, v),
                4 => accumulator * v,
                5 => accumulator + T.Abs(v),
                6 or 9 => accumulator + (v * v),
                _ => accumulator + v,
            };
        }

        return _mode switch
        {
            1 => accumulator / T.CreateTruncating(offsets.Length),
            6 => Sqrt(accumulator),
            7 => Log(accumulator),
            _ => accumulator,
        };
    }

    private T Empty() => _mode switch
    {
        2 => T.CreateSaturating(double.NegativeInfinity),
        3 => T.CreateSaturating(double.PositiveInfinity),
        4 => T.One,
        7 or 8 => T.CreateSaturating(double.NegativeInfinity),
        _ => T.Zero,
    };

    private static T SumAbs(ReadOnlySpan<T> run)
    {
        var sum = T.Zero;
        foreach (var v in run)
        {
            sum += T.Abs(v);
        }

        return sum;
    }

    private static T SumSquares(ReadOnlySpan<T> run)
    {
        var sum = T.Zero;
        foreach (var v in run)
        {
            sum += v * v;
        }

        return sum;
    }

    private static T LogSumExp(ReadOnlySpan<T> run)
    {
        var max = TensorPrimitives.Max(run);
        double sum = 0;
        foreach (var v in run)
        {
            sum += Math.Exp(double.CreateTruncating(v - max));
        }

        return max + T.CreateTruncating(Math.Log(sum));
    }

    private static T Sqrt(T value) => T.CreateTruncating(Math.Sqrt(double.CreateTruncating(value)));

    private static T Log(T value) => T.CreateTruncating(Math.Log(double.CreateTruncating(value)));
}
