using System.Text;
using MLOps.Serving.Onnx;
using MLOps.Serving.Onnx.Proto;

namespace MLOps.Serving.Graph;

/// <summary>A node's attributes with typed accessors whose errors name the node and attribute.</summary>
internal sealed class AttributeSet
{
    private readonly Dictionary<string, AttributeProto> _attributes;
    private readonly string _owner;

    public AttributeSet(IEnumerable<AttributeProto> attributes, string owner)
    {
        _owner = owner;
        _attributes = new Dictionary<string, AttributeProto>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (attribute.RefAttrName.Length > 0)
            {
                throw new ValidationException($"{owner}: attribute '{attribute.Name}' refers to a function attribute; functions are not supported.");
            }

            _attributes[attribute.Name] = attribute;
        }
    }

    /// <summary>Set by the binder so messages name the node.</summary>
    public string Owner => _owner;

    public IEnumerable<string> Names => _attributes.Keys;

    public bool Has(string name) => _attributes.ContainsKey(name);

    public long GetInt(string name, long defaultValue) =>
        TryGet(name, AttributeType.Int, out var attribute) ? attribute.I : defaultValue;

    public long GetRequiredInt(string name) =>
        TryGet(name, AttributeType.Int, out var attribute) ? attribute.I : throw Missing(name);

    public float GetFloat(string name, float defaultValue) =>
        TryGet(name, AttributeType.Float, out var attribute) ? attribute.F : defaultValue;

    public string GetString(string name, string defaultValue) =>
        TryGet(name, AttributeType.String, out var attribute) ? Encoding.UTF8.GetString(attribute.S) : defaultValue;

    public long[]? GetInts(string name) =>
        TryGet(name, AttributeType.Ints, out var attribute) ? [.. attribute.Ints] : null;

    public float[]? GetFloats(string name) =>
        TryGet(name, AttributeType.Floats, out var attribute) ? [.. attribute.Floats] : null;

    public string[]? GetStrings(string name) =>
        TryGet(name, AttributeType.Strings, out var attribute) ? [.. attribute.Strings.Select(s => Encoding.UTF8.GetString(s))] : null;

    public TensorData? GetTensor(string name) =>
        TryGet(name, AttributeType.Tensor, out var attribute)
            ? TensorProtoConverter.ToTensorData(attribute.T!, baseDirectory: null, $"{_owner}: attribute '{name}'")
            : null;

    /// <summary>Float values from either a FLOATS attribute or a TENSOR attribute (the ML operators' <c>*_as_tensor</c> forms).</summary>
    public double[]? GetFloatsOrTensor(string name)
    {
        if (GetFloats(name) is { } floats)
        {
            return [.. floats.Select(static f => (double)f)];
        }

        if (GetTensor(name + "_as_tensor") is { } tensor)
        {
            var values = new double[tensor.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = tensor.GetDouble(i);
            }

            return values;
        }

        return null;
    }

    public ValidationException Invalid(string name, string problem) =>
        new($"{_owner}: attribute '{name}' {problem}.");

    private bool TryGet(string name, AttributeType type, out AttributeProto attribute)
    {
        if (!_attributes.TryGetValue(name, out attribute!))
        {
            return false;
        }

        var actual = attribute.EffectiveType;
        if (actual != type && !(actual == AttributeType.Undefined && type is AttributeType.Ints or AttributeType.Floats or AttributeType.Strings))
        {
            throw new ValidationException($"{_owner}: attribute '{name}' is {actual}; expected {type}.");
        }

        return true;
    }

    private ValidationException Missing(string name) => new($"{_owner}: required attribute '{name}' is missing.");
}
