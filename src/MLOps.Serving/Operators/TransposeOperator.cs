using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>Transpose by a permutation (default: reversed axes).</summary>
internal sealed class TransposeOperator : Operator
{
    private readonly long[]? _perm;

    public TransposeOperator(Node node)
        : base(node)
    {
        _perm = node.Attributes.GetInts("perm");
    }

    public override void Infer(InferContext context)
    {
        var shape = context.InputShape(0);
        var rank = shape.Length;
        var perm = new int[rank];
        if (_perm is null)
        {
            for (var i = 0; i < rank; i++)
            {
                perm[i] = rank - 1 - i;
            }
        }
        else
        {
            if (_perm.Length != rank)
            {
                throw context.Error($"perm has {_perm.Length} entries but input '{context.InputName(0)}' {ShapeMath.Format(shape)} has rank {rank}.");
            }

            var seen = new bool[rank];
            for (var i = 0; i < rank; i++)
            {
                var axis = ShapeMath.NormalizeAxis(_perm[i], rank, Node.Description);
                if (seen[axis])
                {
                    throw context.Error($"perm [{string.Join(", ", _perm)}] is not a permutation.");
                }

                seen[axis] = true;
                perm[i] = axis;
            }
        }

        var output = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            output[i] = shape[perm[i]];
        }

        context.SetOutput(0, context.InputType(0), output);
        context.State = StridedCopy.ForPermutation(shape, perm);
    }

    public override void Execute(KernelContext context) =>
        ((StridedCopy)context.State!).Run(context.InputView(0), context.OutputView(0));
}
