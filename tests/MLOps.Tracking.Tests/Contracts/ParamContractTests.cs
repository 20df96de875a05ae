using MLOps.Testing;
using MLOps.Tracking.Tests.Support;

namespace MLOps.Tracking.Tests.Contracts;

/// <summary>Params on every backend: typed, immutable, any number per call, atomic.</summary>
public abstract class ParamContractTests
{
    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task Params_keep_their_types_and_values()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var run = await fixture.Store.StartRunAsync("churn");
        await run.LogParamsAsync(new Dictionary<string, ParamValue>
        {
            ["model"] = "gbm",
            ["depth"] = 6,
            ["big"] = long.MaxValue,
            ["lr"] = 0.1,
            ["nan"] = double.NaN,
            ["inf"] = double.NegativeInfinity,
            ["tiny"] = 5e-324,
            ["early_stop"] = true,
            ["empty"] = string.Empty,
            ["unicode"] = "café ✓",
        });
        var stored = (await fixture.Store.Runs.GetAsync(run.Id)).Params;
        Assert.Equal(ParamValue.FromString("gbm"), stored["model"]);
        Assert.Equal(6L, stored["depth"].Value);
        Assert.Equal(long.MaxValue, stored["big"].Value);
        Assert.Equal(0.1, stored["lr"].Value);
        Assert.True(double.IsNaN((double)stored["nan"].Value));
        Assert.Equal(double.NegativeInfinity, stored["inf"].Value);
        Assert.Equal(5e-324, stored["tiny"].Value);
        Assert.Equal(true, stored["early_stop"].Value);
        Assert.Equal(string.Empty, stored["empty"].Value);
        Assert.Equal("café ✓", stored["unicode"].Value);
        Assert.Equal(ParamKind.Boolean, stored["early_stop"].Kind);
    }

    [SkippableFact]
    public async Task The_same_value_again_is_a_no_op_and_a_different_one_a_conflict_naming_both()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var run = await fixture.Store.StartRunAsync("churn");
        await run.LogParamAsync("lr", 0.1);
        await run.LogParamAsync("lr", 0.1);
        await run.LogParamAsync("nan", double.NaN);
        await run.LogParamAsync("nan", double.NaN);
        var error = await Assert.ThrowsAsync<ConflictException>(async () => await run.LogParamAsync("lr", 0.2));
        Assert.Contains("'lr'", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.1 (float)", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.2 (float)", error.Message, StringComparison.Ordinal);

        await run.LogParamAsync("depth", 5);
        var typed = await Assert.ThrowsAsync<ConflictException>(async () => await run.LogParamAsync("depth", "5"));
        Assert.Contains("5 (integer)", typed.Message, StringComparison.Ordinal);
        Assert.Contains("'5' (string)", typed.Message, StringComparison.Ordinal);
        Assert.Equal(0.1, (await fixture.Store.Runs.GetAsync(run.Id)).Params["lr"].Value);
    }

    [SkippableFact]
    public async Task Any_number_of_params_per_call_are_stored_atomically()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var run = await fixture.Store.StartRunAsync("churn");
        var many = Enumerable.Range(0, 2500).ToDictionary(i => $"p{i}", i => (ParamValue)i);
        await run.LogParamsAsync(many);
        Assert.Equal(2500, (await fixture.Store.Runs.GetAsync(run.Id)).Params.Count);

        // One conflicting param in a batch stores none of the batch.
        var batch = new Dictionary<string, ParamValue> { ["new1"] = 1, ["p7"] = 8, ["new2"] = 2 };
        await Assert.ThrowsAsync<ConflictException>(async () => await run.LogParamsAsync(batch));
        var stored = (await fixture.Store.Runs.GetAsync(run.Id)).Params;
        Assert.False(stored.ContainsKey("new1"));
        Assert.False(stored.ContainsKey("new2"));

        var twice = new[] { new KeyValuePair<string, ParamValue>("dup", 1), new KeyValuePair<string, ParamValue>("dup", 2) };
        Assert.Contains("twice", (await Assert.ThrowsAsync<ConflictException>(async () => await run.LogParamsAsync(twice))).Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Over_long_or_invalid_keys_and_values_are_validation_errors_naming_the_field()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await using var run = await fixture.Store.StartRunAsync("churn");
        var longKey = await Assert.ThrowsAsync<ValidationException>(async () => await run.LogParamAsync(new string('k', 251), 1));
        Assert.Contains("param key", longKey.Message, StringComparison.Ordinal);
        Assert.Contains("251", longKey.Message, StringComparison.Ordinal);
        var badChar = await Assert.ThrowsAsync<ValidationException>(async () => await run.LogParamAsync("a;b", 1));
        Assert.Contains("';'", badChar.Message, StringComparison.Ordinal);
        Assert.Contains("position 1", badChar.Message, StringComparison.Ordinal);
        var longValue = await Assert.ThrowsAsync<ValidationException>(async () => await run.LogParamAsync("k", new string('v', 6001)));
        Assert.Contains("param 'k'", longValue.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationException>(async () => await run.LogParamAsync(" padded", 1));
        await Assert.ThrowsAsync<ValidationException>(async () => await run.LogParamAsync(string.Empty, 1));
        Assert.Empty((await fixture.Store.Runs.GetAsync(run.Id)).Params);
    }

    [SkippableFact]
    public async Task Two_stores_logging_the_same_param_agree_or_conflict()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var (workspace, other) = await fixture.OpenAnotherAsync();
        await using (workspace)
        await using (other)
        {
            await using var run = await fixture.Store.StartRunAsync("churn");
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            {
                var store = i % 2 == 0 ? fixture.Store : other;
                try
                {
                    await store.Runs.LogParamAsync(run.Id, "seed", 1);
                    await store.Runs.LogParamAsync(run.Id, "owner", i);
                    return "ok";
                }
                catch (ConflictException)
                {
                    return "conflict";
                }
            }));
            Assert.Equal(1, results.Count(r => r == "ok"));
            Assert.Equal(7, results.Count(r => r == "conflict"));
            Assert.Equal(1L, (await fixture.Store.Runs.GetAsync(run.Id)).Params["seed"].Value);
        }
    }
}

public sealed class SqliteParamContractTests : ParamContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlParamContractTests : ParamContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
