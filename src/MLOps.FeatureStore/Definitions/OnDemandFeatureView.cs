namespace MLOps.FeatureStore;

/// <summary>
/// Features computed by a C# function from request data and other features. The same delegate runs
/// over each row of a historical result and over each entity of an online read, so training and
/// serving see the same values. The delegate must be pure and thread-safe; it reads inputs with
/// <see cref="OnDemandRow.Get"/> and writes each output with <see cref="OnDemandRow.Set"/> (outputs not
/// set are null).
/// </summary>
public sealed record OnDemandFeatureView
{
    /// <summary>Creates an on-demand feature view.</summary>
    /// <param name="name">The view's name (outputs are <c>name:output</c>).</param>
    /// <param name="requestFields">Fields that come with the request (columns of the entity rows offline).</param>
    /// <param name="inputs">Features of other views the function reads.</param>
    /// <param name="outputs">The features it computes.</param>
    /// <param name="transform">The function, called once per row.</param>
    public OnDemandFeatureView(string name, IReadOnlyList<Feature> requestFields, IReadOnlyList<FeatureReference> inputs, IReadOnlyList<Feature> outputs, Action<OnDemandRow> transform)
    {
        DefinitionNames.ThrowIfInvalid(name, "on-demand feature view");
        ArgumentNullException.ThrowIfNull(requestFields);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(transform);
        if (outputs.Count == 0)
        {
            throw new ValidationException($"On-demand feature view '{name}' has no outputs.");
        }

        Name = name;
        RequestFields = [.. requestFields];
        Inputs = [.. inputs];
        Outputs = [.. outputs];
        Transform = transform;
    }

    /// <summary>The view's name.</summary>
    public string Name { get; }

    /// <summary>The request fields.</summary>
    public IReadOnlyList<Feature> RequestFields { get; }

    /// <summary>The input features.</summary>
    public IReadOnlyList<FeatureReference> Inputs { get; }

    /// <summary>The computed features.</summary>
    public IReadOnlyList<Feature> Outputs { get; }

    /// <summary>The function.</summary>
    public Action<OnDemandRow> Transform { get; }

    /// <summary>Runs the function on one row of inputs.</summary>
    /// <param name="request">Request field values, in <see cref="RequestFields"/> order.</param>
    /// <param name="inputs">Input feature values, in <see cref="Inputs"/> order.</param>
    /// <returns>The outputs, in <see cref="Outputs"/> order.</returns>
    public object?[] Compute(IReadOnlyList<object?> request, IReadOnlyList<object?> inputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inputs);
        var row = new OnDemandRow(this);
        for (var i = 0; i < request.Count; i++)
        {
            row.Values[i] = request[i];
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            row.Values[RequestFields.Count + i] = inputs[i];
        }

        Transform(row);
        return row.Outputs;
    }
}
