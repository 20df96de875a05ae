using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators.Ml;

/// <summary>
/// ai.onnx.ml ZipMap: turns a [N, C] probability tensor into one label → probability map per row.
/// The engine serves it as the probability tensor itself (a view, nothing is copied): tensors are
/// what callers and the wire formats carry, and the labels stay in the model's signature.
/// </summary>
internal sealed class ZipMapOperator : Operator
{
    public ZipMapOperator(Node node)
        : base(node)
    {
        var strings = node.Attributes.GetStrings("classlabels_strings");
        var ints = node.Attributes.GetInts("classlabels_int64s");
        if ((strings is null) == (ints is null))
        {
            throw Error("exactly one of classlabels_strings and classlabels_int64s must be set.");
        }

        Labels = strings ?? [.. ints!.Select(static i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    public IReadOnlyList<string> Labels { get; }

    public override void Infer(InferContext context)
    {
        context.ExpectType(0, DataType.Float);
        var shape = context.InputShape(0);
        var classes = shape.Length == 2 ? shape[1] : shape.Length == 1 ? shape[0] : -1;
        if (classes != Labels.Count)
        {
            throw context.Error($"input '{context.InputName(0)}' {ShapeMath.Format(shape)} must have {Labels.Count} columns, one per class label.");
        }

        context.SetOutputView(0, 0, shape);
    }

    public override void Execute(KernelContext context)
    {
    }
}
