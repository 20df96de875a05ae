using MLOps.Serving.Graph;
using MLOps.Serving.Kernels;

namespace MLOps.Serving.Operators;

/// <summary>DepthToSpace (DCR or CRD) and SpaceToDepth: 6-D reshapes and a transpose, run as one strided copy.</summary>
internal sealed class SpaceDepthOperator : Operator
{
    private readonly int _block;
    private readonly bool _crd;

    public SpaceDepthOperator(Node node)
        : base(node)
    {
        _block = (int)node.Attributes.GetRequiredInt("blocksize");
        _crd = node.Attributes.GetString("mode", "DCR") is "CRD";
        if (_block < 1)
        {
            throw node.Attributes.Invalid("blocksize", "must be positive");
        }
    }

    public override void Infer(InferContext context)
    {
        context.ExpectRank(0, 4);
        var (n, c, h, w) = (context.InputShape(0)[0], context.InputShape(0)[1], context.InputShape(0)[2], context.InputShape(0)[3]);
        var b = _block;
        int[] view;
        int[] perm;
        int[] output;
        if (Node.OpType is "DepthToSpace")
        {
            if (c % (b * b) != 0)
            {
                throw context.Error($"{c} channels do not divide by blocksize² = {b * b}.");
            }

            var depth = c / (b * b);
            view = _crd ? [n, depth, b, b, h, w] : [n, b, b, depth, h, w];
            perm = _crd ? [0, 1, 4, 2, 5, 3] : [0, 3, 4, 1, 5, 2];
            output = [n, depth, h * b, w * b];
        }
        else
        {
            if (h % b != 0 || w % b != 0)
            {
                throw context.Error($"spatial size {h} × {w} does not divide by blocksize {b}.");
            }

            view = [n, c, h / b, b, w / b, b];
            perm = [0, 3, 5, 1, 2, 4];
            output = [n, c * b * b, h / b, w / b];
        }

        context.SetOutput(0, context.InputType(0), output);
        context.State = StridedCopy.ForPermutation(view, perm);
    }

    public override void Execute(KernelContext context) =>
        ((StridedCopy)context.State!).Run(context.InputView(0), context.OutputView(0));
}
