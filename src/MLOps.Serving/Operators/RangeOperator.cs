using System.Numerics;
using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Range(start, limit, delta): its length depends on the values, so it is planned once they are known.</summary>
internal sealed class RangeOperator : Operator
{
    public RangeOperator(Node node)
        : base(node)
    {
    }

    public override void Infer(InferContext context)
    {
        var start = context.RequireValue(0).GetDouble(0);
        var limit = context.RequireValue(1).GetDouble(0);
        var delta = context.RequireValue(2).GetDouble(0);
        if (delta == 0)
        {
            throw context.Error("delta is 0.");
        }

        var count = Math.Max((long)Math.Ceiling((limit - start) / delta), 0);
        if (count > int.MaxValue)
        {
            throw context.Error($"the range has {count} elements.");
        }

        context.SetOutput(0, context.InputType(0), [(int)count]);
    }

    public override void Execute(KernelContext context)
    {
        if (!TypeDispatch.TryNumeric(context.InputType(0), new Fill(context), out bool _))
        {
            throw new ValidationException($"{Node.Description}: Range does not support {DataTypes.Name(context.InputType(0))}.");
        }
    }

    private readonly struct Fill(KernelContext context) : INumericAction<bool>
    {
        public bool Invoke<T>()
            where T : unmanaged, INumber<T>
        {
            var start = context.Input<T>(0)[0];
            var delta = context.Input<T>(2)[0];
            var output = context.Output<T>(0);
            for (var i = 0; i < output.Length; i++)
            {
                output[i] = start + (T.CreateTruncating(i) * delta);
            }

            return true;
        }
    }
}
