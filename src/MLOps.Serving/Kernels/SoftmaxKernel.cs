using System.Numerics;
using System.Numerics.Tensors;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Kernels;

/// <summary>Softmax or LogSoftmax along one axis, stable (the row maximum is subtracted first).</summary>
internal sealed unsafe class SoftmaxKernel<T> : IStepKernel
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _outer;
    private readonly int _length;
    private readonly int _inner;
    private readonly bool _log;

    public SoftmaxKernel(int outer, int length, int inner, bool log)
    {
        _outer = outer;
        _length = length;
        _inner = inner;
        _log = log;
    }

    /// <summary>Scratch for one strided row.</summary>
    public long ScratchBytes => _inner == 1 ? 0 : (long)_length * sizeof(T);

    public void Run(KernelContext context) => Apply(context.InputPointer<T>(0), context.OutputPointer<T>(0), (T*)context.Scratch);

    public void Apply(T* input, T* output, T* scratch)
    {
        for (var o = 0; o < _outer; o++)
        {
            for (var i = 0; i < _inner; i++)
            {
                var start = ((long)o * _length * _inner) + i;
                if (_inner == 1)
                {
                    Row(new ReadOnlySpan<T>(input + start, _length), new Span<T>(output + start, _length));
                    continue;
                }

                var row = new Span<T>(scratch, _length);
                for (var k = 0; k < _length; k++)
                {
                    row[k] = input[start + ((long)k * _inner)];
                }

                Row(row, row);
                for (var k = 0; k < _length; k++)
                {
                    output[start + ((long)k * _inner)] = row[k];
                }
            }
        }
    }

    private void Row(ReadOnlySpan<T> x, Span<T> y)
    {
        if (x.IsEmpty)
        {
            return;
        }

        var max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        if (_log)
        {
            var sum = T.Zero;
            foreach (var v in y)
            {
                sum += T.Exp(v);
            }

            TensorPrimitives.Subtract(y, T.Log(sum), y);
            return;
        }

        TensorPrimitives.Exp(y, y);
        var total = TensorPrimitives.Sum(y);
        TensorPrimitives.Divide(y, total, y);
    }
}
