using MLOps.Serving.Operators;

namespace MLOps.Serving.Graph;

/// <summary>An operator application in the graph IR.</summary>
internal sealed class Node
{
    public Node(string name, string opType, string domain, int opset, Value?[] inputs, Value?[] outputs, AttributeSet attributes)
    {
        Name = name;
        OpType = opType;
        Domain = domain;
        Opset = opset;
        Inputs = inputs;
        Outputs = outputs;
        Attributes = attributes;
    }

    public string Name { get; }

    public string OpType { get; }

    /// <summary>The operator domain: empty for ai.onnx, <c>ai.onnx.ml</c> for the ML operators.</summary>
    public string Domain { get; }

    /// <summary>The opset version imported for <see cref="Domain"/>.</summary>
    public int Opset { get; }

    /// <summary>The inputs; null where an optional input is omitted.</summary>
    public Value?[] Inputs { get; set; }

    /// <summary>The outputs; null where an optional output is not wanted.</summary>
    public Value?[] Outputs { get; set; }

    public AttributeSet Attributes { get; }

    /// <summary>Input <paramref name="index"/>, or null when it is omitted or beyond the node's inputs.</summary>
    public Value? Input(int index) => index < Inputs.Length ? Inputs[index] : null;

    /// <summary>The operator, set once the node is bound at load time.</summary>
    public Operator Operator { get; set; } = null!;

    /// <summary>How messages name this node.</summary>
    public string Description => $"node '{Name}' ({(Domain.Length == 0 ? string.Empty : Domain + ".")}{OpType}, opset {Opset})";
}
