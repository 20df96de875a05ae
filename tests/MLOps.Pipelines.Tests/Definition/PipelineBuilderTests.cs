namespace MLOps.Pipelines.Tests.Definition;

public sealed class PipelineBuilderTests
{
    private static ValueTask<int> One(StepContext context, CancellationToken ct) => ValueTask.FromResult(1);

    [Fact]
    public void Builds_a_typed_dag_in_topological_order()
    {
        var builder = new PipelineBuilder("p");
        var rate = builder.Parameter("rate", 0.5);
        var late = PipelineBuilder.Output<int>("a");
        var b = builder.Step<int, double, string>("b", late, rate, (x, r, ctx, ct) => ValueTask.FromResult($"{x * r}"));
        builder.Step("a", One);
        builder.Step<string, int>("c", b, (s, ctx, ct) => ValueTask.FromResult(s.Length));
        var pipeline = builder.Build();

        Assert.Equal(["a", "b", "c"], pipeline.StepNames);
        Assert.Equal(["rate"], pipeline.Parameters);
        Assert.Equal(["a"], pipeline.DependenciesOf("b"));
        Assert.Throws<InvalidOperationException>(() => builder.Step("d", One));
    }

    [Fact]
    public void Reports_every_problem_naming_the_steps()
    {
        var builder = new PipelineBuilder("p");
        builder.Step("a", One);
        builder.Step("a", One);
        builder.Step<string, int>("wants_string", PipelineBuilder.Output<string>("a"), (s, ctx, ct) => ValueTask.FromResult(1));
        builder.Step<int, int>("orphan", PipelineBuilder.Output<int>("nowhere"), (s, ctx, ct) => ValueTask.FromResult(1));
        builder.Step<int, int>("unknown_param", new PipelineBuilder("other").Parameter<int>("k"), (s, ctx, ct) => ValueTask.FromResult(1));
        builder.Step("bad_options", One, o => o.Retry.MaxRetries = -1);

        var error = Assert.Throws<ValidationException>(() => builder.Build());
        Assert.Contains("step 'a' is declared more than once", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 'wants_string' input 1 expects String but step 'a' produces Int32", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 'orphan' input 1 is the output of step 'nowhere', which does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("parameter 'k', which pipeline 'p' does not declare", error.Message, StringComparison.Ordinal);
        Assert.Contains("Step 'bad_options': Retry.MaxRetries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_cycle_as_a_path()
    {
        var builder = new PipelineBuilder("p");
        builder.Step("root", One);
        builder.Step<int, int>("x", PipelineBuilder.Output<int>("z"), (v, ctx, ct) => ValueTask.FromResult(v));
        builder.Step<int, int>("y", PipelineBuilder.Output<int>("x"), (v, ctx, ct) => ValueTask.FromResult(v));
        builder.Step<int, int, int>("z", PipelineBuilder.Output<int>("y"), PipelineBuilder.Output<int>("root"), (v, w, ctx, ct) => ValueTask.FromResult(v));

        var error = Assert.Throws<ValidationException>(() => builder.Build());
        Assert.Contains("cycle: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("x -> y -> z -> x", error.Message.Replace("y -> z -> x -> y", "x -> y -> z -> x", StringComparison.Ordinal).Replace("z -> x -> y -> z", "x -> y -> z -> x", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    public void Rejects_bad_names(string name)
    {
        Assert.Throws<ValidationException>(() => new PipelineBuilder(name));
        Assert.Throws<ValidationException>(() => new PipelineBuilder("p").Step(name, One));
    }

    [Fact]
    public void Class_steps_declare_inputs_and_options()
    {
        var builder = new PipelineBuilder("p");
        var seed = builder.Parameter<int>("seed");
        var doubled = builder.Add(new Doubler(seed));
        var pipeline = builder.Build();
        Assert.Equal(["double"], pipeline.StepNames);
        Assert.Equal("double", doubled.Name);
    }

    private sealed class Doubler(StepInput input) : PipelineStep<int>
    {
        public override string Name => "double";

        public override IReadOnlyList<StepInput> Inputs => [input];

        public override void Configure(StepOptions options) => options.CacheVersion = "2";

        public override ValueTask<int> ExecuteAsync(StepInputs inputs, StepContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(inputs.Get<int>(0) * 2);
    }
}
