using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators.Ml;

/// <summary>
/// ai.onnx.ml OneHotEncoder: each element becomes a one-hot row over the categories (int64 or
/// string); an unknown value is all zeros, or an error when zeros = 0.
/// </summary>
internal sealed class OneHotEncoderOperator : Operator
{
    private readonly Dictionary<long, int>? _ints;
    private readonly Dictionary<string, int>? _strings;
    private readonly bool _zeros;

    public OneHotEncoderOperator(Node node)
        : base(node)
    {
        var ints = node.Attributes.GetInts("cats_int64s");
        var strings = node.Attributes.GetStrings("cats_strings");
        if ((ints is null or { Length: 0 }) == (strings is null or { Length: 0 }))
        {
            throw Error("exactly one of cats_int64s and cats_strings must be set.");
        }

        if (ints is { Length: > 0 })
        {
            _ints = [];
            for (var i = 0; i < ints.Length; i++)
            {
                _ints.TryAdd(ints[i], i);
            }
        }
        else
        {
            _strings = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < strings!.Length; i++)
            {
                _strings.TryAdd(strings[i], i);
            }
        }

        Categories = ints?.Length > 0 ? ints.Length : strings!.Length;
        _zeros = node.Attributes.GetInt("zeros", 1) != 0;
    }

    private int Categories { get; }

    public override void Infer(InferContext context)
    {
        if (_strings is not null)
        {
            context.ExpectType(0, DataType.String);
        }
        else
        {
            context.ExpectType(0, DataType.Int64, DataType.Int32, DataType.Float, DataType.Double);
        }

        context.SetOutput(0, DataType.Float, [.. context.InputShape(0), Categories]);
    }

    public override void Execute(KernelContext context)
    {
        var output = context.Output<float>(0);
        output.Clear();
        var count = context.InputLength(0);
        for (var i = 0; i < count; i++)
        {
            int category;
            bool found;
            if (_strings is not null)
            {
                found = _strings.TryGetValue(context.InputStrings(0)[i], out category);
            }
            else
            {
                found = _ints!.TryGetValue((long)FeatureInput.GetDouble(context, 0, i), out category);
            }

            if (found)
            {
                output[(i * Categories) + category] = 1;
            }
            else if (!_zeros)
            {
                throw new ValidationException($"{Node.Description}: element {i} of '{context.InputName(0)}' is not one of the categories, and zeros = 0.");
            }
        }
    }
}
