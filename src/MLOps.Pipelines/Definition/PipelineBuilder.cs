using MLOps.Pipelines.Artifacts;

namespace MLOps.Pipelines;

/// <summary>
/// Declares a pipeline: parameters, then steps whose inputs are earlier steps' outputs or parameters.
/// <see cref="Build"/> checks the whole DAG (names, missing inputs, type mismatches, cycles) and reports
/// every problem at once, naming the steps. A builder is used once, from one thread.
/// </summary>
/// <example>
/// <code>
/// var builder = new PipelineBuilder("train");
/// var rate = builder.Parameter("rate", 0.1);
/// var data = builder.Step("load", (ctx, ct) => ValueTask.FromResult(new[] { 1.0, 2.0 }));
/// var model = builder.Step("fit", data, rate, (d, r, ctx, ct) => ValueTask.FromResult(d.Sum() * r));
/// Pipeline pipeline = builder.Build();
/// </code>
/// </example>
public sealed partial class PipelineBuilder
{
    private readonly List<StepDefinition> _steps = [];
    private readonly List<ParameterDefinition> _parameters = [];
    private readonly Dictionary<Type, ArtifactCodec> _serializers = [];
    private bool _built;

    /// <summary>Starts a pipeline.</summary>
    /// <param name="name">The pipeline's name: letters, digits, '_', '-', '.', at most 200 characters.</param>
    /// <exception cref="ValidationException">The name is invalid.</exception>
    public PipelineBuilder(string name)
    {
        PipelineNames.Check(name, "pipeline");
        Name = name;
    }

    /// <summary>The pipeline's name.</summary>
    public string Name { get; }

    /// <summary>Uses a serializer for every step output (and parameter) of type <typeparamref name="T"/> instead of the default.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="serializer">The serializer.</param>
    /// <returns>This builder.</returns>
    public PipelineBuilder UseSerializer<T>(IArtifactSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        _serializers[typeof(T)] = ArtifactCodec.Create(serializer);
        return this;
    }

    /// <summary>Declares a required parameter.</summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="name">The parameter's name.</param>
    /// <returns>The handle steps take as input.</returns>
    public Parameter<T> Parameter<T>(string name) => AddParameter(new Parameter<T>(name, hasDefault: false, default));

    /// <summary>Declares a parameter with a default.</summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="name">The parameter's name.</param>
    /// <param name="defaultValue">The value when a run does not give one.</param>
    /// <returns>The handle steps take as input.</returns>
    public Parameter<T> Parameter<T>(string name, T defaultValue) => AddParameter(new Parameter<T>(name, hasDefault: true, defaultValue));

    /// <summary>Refers to a step by name (it may be added later); <see cref="Build"/> checks it exists and produces a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected output type.</typeparam>
    /// <param name="stepName">The producing step.</param>
    /// <returns>The handle.</returns>
    public static StepOutput<T> Output<T>(string stepName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stepName);
        return new StepOutput<T>(stepName);
    }

    /// <summary>Adds a step with no inputs.</summary>
    /// <typeparam name="TOut">The output's type.</typeparam>
    /// <param name="name">The step's name, unique in the pipeline.</param>
    /// <param name="run">The step's work.</param>
    /// <param name="configure">Changes the step's options.</param>
    /// <returns>The step's output handle.</returns>
    public StepOutput<TOut> Step<TOut>(string name, Func<StepContext, CancellationToken, ValueTask<TOut>> run, Action<StepOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Add<TOut>(name, [], (_, context, ct) => StepDefinition.Box(run(context, ct)), configure);
    }

    /// <summary>Adds a step with one input.</summary>
    /// <typeparam name="T1">The input's type.</typeparam>
    /// <typeparam name="TOut">The output's type.</typeparam>
    /// <param name="name">The step's name, unique in the pipeline.</param>
    /// <param name="input">A step output or parameter.</param>
    /// <param name="run">The step's work.</param>
    /// <param name="configure">Changes the step's options.</param>
    /// <returns>The step's output handle.</returns>
    public StepOutput<TOut> Step<T1, TOut>(string name, StepInput input, Func<T1, StepContext, CancellationToken, ValueTask<TOut>> run, Action<StepOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Add<TOut>(name, [Typed<T1>(input)], (a, context, ct) => StepDefinition.Box(run((T1)a[0]!, context, ct)), configure);
    }

    /// <summary>Adds a step with two inputs.</summary>
    /// <typeparam name="T1">The first input's type.</typeparam>
    /// <typeparam name="T2">The second input's type.</typeparam>
    /// <typeparam name="TOut">The output's type.</typeparam>
    /// <param name="name">The step's name, unique in the pipeline.</param>
    /// <param name="input1">The first input.</param>
    /// <param name="input2">The second input.</param>
    /// <param name="run">The step's work.</param>
    /// <param name="configure">Changes the step's options.</param>
    /// <returns>The step's output handle.</returns>
    public StepOutput<TOut> Step<T1, T2, TOut>(string name, StepInput input1, StepInput input2, Func<T1, T2, StepContext, CancellationToken, ValueTask<TOut>> run, Action<StepOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Add<TOut>(name, [Typed<T1>(input1), Typed<T2>(input2)], (a, context, ct) => StepDefinition.Box(run((T1)a[0]!, (T2)a[1]!, context, ct)), configure);
    }

    /// <summary>Adds a step with three inputs.</summary>
    /// <typeparam name="T1">The first input's type.</typeparam>
    /// <typeparam name="T2">The second input's type.</typeparam>
    /// <typeparam name="T3">The third input's type.</typeparam>
    /// <typeparam name="TOut">The output's type.</typeparam>
    /// <param name="name">The step's name, unique in the pipeline.</param>
    /// <param name="input1">The first input.</param>
    /// <param name="input2">The second input.</param>
    /// <param name="input3">The third input.</param>
    /// <param name="run">The step's work.</param>
    /// <param name="configure">Changes the step's options.</param>
    /// <returns>The step's output handle.</returns>
    public StepOutput<TOut> Step<T1, T2, T3, TOut>(
        string name, StepInput input1, StepInput input2, StepInput input3, Func<T1, T2, T3, StepContext, CancellationToken, ValueTask<TOut>> run, Action<StepOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Add<TOut>(
            name,
            [Typed<T1>(input1), Typed<T2>(input2), Typed<T3>(input3)],
            (a, context, ct) => StepDefinition.Box(run((T1)a[0]!, (T2)a[1]!, (T3)a[2]!, context, ct)),
            configure);
    }

    /// <summary>Adds a step with any number of inputs, received in order as <see cref="StepInputs"/>.</summary>
    /// <typeparam name="TOut">The output's type.</typeparam>
    /// <param name="name">The step's name, unique in the pipeline.</param>
    /// <param name="inputs">The inputs.</param>
    /// <param name="run">The step's work.</param>
    /// <param name="configure">Changes the step's options.</param>
    /// <returns>The step's output handle.</returns>
    public StepOutput<TOut> Step<TOut>(string name, IReadOnlyList<StepInput> inputs, Func<StepInputs, StepContext, CancellationToken, ValueTask<TOut>> run, Action<StepOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(run);
        var list = inputs.ToArray();
        for (var i = 0; i < list.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(list[i], $"{nameof(inputs)}[{i}]");
        }

        return Add<TOut>(name, list, (a, context, ct) => StepDefinition.Box(run(new StepInputs(a), context, ct)), configure);
    }

    /// <summary>Adds a step written as a class.</summary>
    /// <typeparam name="TOut">The output's type.</typeparam>
    /// <param name="step">The step.</param>
    /// <returns>The step's output handle.</returns>
    public StepOutput<TOut> Add<TOut>(PipelineStep<TOut> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return Step<TOut>(step.Name, step.Inputs, step.ExecuteAsync, step.Configure);
    }

    private static StepInput Typed<T>(StepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // The lambda's parameter type is the step's declared expectation; Build checks the producer against it.
        return input.ValueType == typeof(T) ? input : new TypedInput(input, typeof(T));
    }

    private Parameter<T> AddParameter<T>(Parameter<T> parameter)
    {
        ThrowIfBuilt();
        PipelineNames.Check(parameter.Name, "parameter");
        if (_parameters.Exists(p => string.Equals(p.Name, parameter.Name, StringComparison.Ordinal)))
        {
            throw new ValidationException($"Pipeline '{Name}': parameter '{parameter.Name}' is declared twice.");
        }

        _parameters.Add(new ParameterDefinition(parameter.Name, typeof(T), parameter.HasDefault, parameter.DefaultValue, ArtifactCodec.Create(ArtifactSerializers.For<T>())));
        return parameter;
    }

    private StepOutput<TOut> Add<TOut>(string name, StepInput[] inputs, Func<object?[], StepContext, CancellationToken, ValueTask<object?>> invoke, Action<StepOptions>? configure)
    {
        ThrowIfBuilt();
        PipelineNames.Check(name, "step");
        var options = new StepOptions();
        configure?.Invoke(options);
        _steps.Add(new StepDefinition(name, inputs, typeof(TOut), options.Clone(), invoke) { Codec = ArtifactCodec.Create(ArtifactSerializers.For<TOut>()) });
        return new StepOutput<TOut>(name);
    }

    private void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException($"Pipeline '{Name}' is already built; a builder is used once.");
        }
    }
}
