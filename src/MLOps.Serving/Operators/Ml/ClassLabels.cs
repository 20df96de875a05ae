using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators.Ml;

/// <summary>A classifier's labels: classlabels_int64s or classlabels_strings.</summary>
internal sealed class ClassLabels
{
    private readonly long[]? _ints;
    private readonly string[]? _strings;

    private ClassLabels(long[]? ints, string[]? strings)
    {
        _ints = ints;
        _strings = strings;
    }

    public int Count => _ints?.Length ?? _strings!.Length;

    public DataType Type => _ints is null ? DataType.String : DataType.Int64;

    public static ClassLabels Read(AttributeSet attributes, string owner)
    {
        var ints = attributes.GetInts("classlabels_int64s");
        var strings = attributes.GetStrings("classlabels_strings");
        if ((ints is null || ints.Length == 0) == (strings is null || strings.Length == 0))
        {
            throw new ValidationException($"{owner}: exactly one of classlabels_int64s and classlabels_strings must be set.");
        }

        return ints is { Length: > 0 } ? new ClassLabels(ints, null) : new ClassLabels(null, strings);
    }

    /// <summary>Writes label <paramref name="index"/> as element <paramref name="row"/> of an output.</summary>
    public void Write(KernelContext context, int output, int row, int index)
    {
        if (_ints is not null)
        {
            context.Output<long>(output)[row] = _ints[index];
        }
        else
        {
            context.OutputStrings(output)[row] = _strings![index];
        }
    }
}
