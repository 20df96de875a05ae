using System.Text;
using MLOps.Serving.Onnx.Proto;
using MLOps.Tensors;

namespace MLOps.Serving.Onnx;

/// <summary>The attributes of a node being added to an <see cref="OnnxModelBuilder"/>.</summary>
public sealed class OnnxNodeAttributes
{
    internal List<AttributeProto> Attributes { get; } = [];

    /// <summary>Sets an integer attribute.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This object, for chaining.</returns>
    public OnnxNodeAttributes Set(string name, long value) => Add(new AttributeProto { Name = name, Type = AttributeType.Int, I = value });

    /// <summary>Sets a float attribute.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This object, for chaining.</returns>
    public OnnxNodeAttributes Set(string name, float value) => Add(new AttributeProto { Name = name, Type = AttributeType.Float, F = value });

    /// <summary>Sets a string attribute (stored as UTF-8 bytes).</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This object, for chaining.</returns>
    public OnnxNodeAttributes Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(new AttributeProto { Name = name, Type = AttributeType.String, S = Encoding.UTF8.GetBytes(value) });
    }

    /// <summary>Sets an integer list attribute.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="values">The values.</param>
    /// <returns>This object, for chaining.</returns>
    public OnnxNodeAttributes Set(string name, IEnumerable<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return Add(attribute);
    }

    /// <summary>Sets a float list attribute.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="values">The values.</param>
    /// <returns>This object, for chaining.</returns>
    public OnnxNodeAttributes Set(string name, IEnumerable<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return Add(attribute);
    }

    /// <summary>Sets a string list attribute.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="values">The values.</param>
    /// <returns>This object, for chaining.</returns>
    public OnnxNodeAttributes Set(string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(static v => Encoding.UTF8.GetBytes(v)));
        return Add(attribute);
    }

    /// <summary>Sets a tensor attribute.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="value">The tensor.</param>
    /// <returns>This object, for chaining.</returns>
    public OnnxNodeAttributes Set(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(new AttributeProto { Name = name, Type = AttributeType.Tensor, T = OnnxModelBuilder.ToProto(value, name) });
    }

    private OnnxNodeAttributes Add(AttributeProto attribute)
    {
        if (string.IsNullOrEmpty(attribute.Name))
        {
            throw new ValidationException("An ONNX node attribute needs a name.");
        }

        Attributes.RemoveAll(a => string.Equals(a.Name, attribute.Name, StringComparison.Ordinal));
        Attributes.Add(attribute);
        return this;
    }
}
