using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators;

/// <summary>Shape (with start/end from opset 15). Depends only on the input's shape, so it is folded at plan time.</summary>
internal sealed class ShapeOperator : Operator
{
    private readonly long _start;
    private readonly long? _end;

    public ShapeOperator(Node node)
        : base(node)
    {
        _start = node.Attributes.GetInt("start", 0);
        _end = node.Attributes.Has("end") ? node.Attributes.GetInt("end", 0) : null;
    }

    public override bool ShapeOnly => true;

    public override void Infer(InferContext context)
    {
        var (start, end) = Range(context.InputRank(0));
        context.SetOutput(0, DataType.Int64, [end - start]);
    }

    public override void Execute(KernelContext context)
    {
        var shape = context.InputShape(0);
        var (start, end) = Range(shape.Length);
        var output = context.Output<long>(0);
        for (var i = start; i < end; i++)
        {
            output[i - start] = shape[i];
        }
    }

    private (int Start, int End) Range(int rank)
    {
        var start = (int)Math.Clamp(_start < 0 ? _start + rank : _start, 0, rank);
        var end = (int)Math.Clamp(_end is { } e ? (e < 0 ? e + rank : e) : rank, 0, rank);
        return (start, Math.Max(start, end));
    }
}
