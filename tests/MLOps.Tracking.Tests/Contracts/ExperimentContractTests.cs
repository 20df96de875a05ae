using MLOps.Testing;
using MLOps.Tracking.Tests.Support;

namespace MLOps.Tracking.Tests.Contracts;

/// <summary>Experiments on every backend: create, get, list, tags, soft delete and restore, and their errors.</summary>
public abstract class ExperimentContractTests
{
    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task Create_get_list_and_tag_experiments()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, fakeClock: true);
        var experiments = fixture.Store.Experiments;
        var churn = await experiments.CreateAsync("churn", new Dictionary<string, string> { ["owner"] = "ana" });
        await experiments.CreateAsync("abc");
        Assert.Equal("churn", churn.Name);
        Assert.Equal("ana", churn.Tags["owner"]);
        Assert.Equal(fixture.Clock!.GetUtcNow(), churn.CreatedAt);
        Assert.Equal(churn, (await experiments.GetAsync(churn.Id)) with { Tags = churn.Tags });
        Assert.Equal(["abc", "churn"], (await experiments.ListAsync()).Select(e => e.Name));

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await experiments.SetTagAsync("churn", "owner", "bo");
        var updated = await experiments.GetAsync("churn");
        Assert.Equal("bo", updated.Tags["owner"]);
        Assert.Equal(fixture.Clock.GetUtcNow(), updated.UpdatedAt);

        var again = await experiments.GetOrCreateAsync("churn");
        Assert.Equal(churn.Id, again.Id);
        var created = await experiments.GetOrCreateAsync("fresh");
        Assert.Equal("fresh", created.Name);
    }

    [SkippableFact]
    public async Task Creating_an_existing_experiment_is_a_conflict_naming_it()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        await fixture.Store.Experiments.CreateAsync("churn");
        var error = await Assert.ThrowsAsync<ConflictException>(async () => await fixture.Store.Experiments.CreateAsync("churn"));
        Assert.Contains("'churn'", error.Message, StringComparison.Ordinal);

        await fixture.Store.Experiments.DeleteAsync("churn");
        error = await Assert.ThrowsAsync<ConflictException>(async () => await fixture.Store.Experiments.CreateAsync("churn"));
        Assert.Contains("deleted", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_deleted_experiment_is_hidden_and_takes_no_runs_until_restored()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var experiments = fixture.Store.Experiments;
        await experiments.CreateAsync("churn");
        await experiments.DeleteAsync("churn");
        await experiments.DeleteAsync("churn");
        Assert.Empty(await experiments.ListAsync());
        Assert.True(Assert.Single(await experiments.ListAsync(includeDeleted: true)).IsDeleted);
        var error = await Assert.ThrowsAsync<ConflictException>(async () => await fixture.Store.StartRunAsync("churn"));
        Assert.Contains("restore", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConflictException>(async () => await experiments.GetOrCreateAsync("churn"));

        await experiments.RestoreAsync("churn");
        Assert.False((await experiments.GetAsync("churn")).IsDeleted);
        await using var run = await fixture.Store.StartRunAsync("churn");
        Assert.Equal((await experiments.GetAsync("churn")).Id, run.ExperimentId);
    }

    [SkippableFact]
    public async Task Unknown_experiments_are_not_found_naming_them()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var experiments = fixture.Store.Experiments;
        foreach (var call in new Func<Task>[]
        {
            async () => await experiments.GetAsync("nope"),
            async () => await experiments.SetTagAsync("nope", "k", "v"),
            async () => await experiments.DeleteAsync("nope"),
            async () => await experiments.RestoreAsync("nope"),
        })
        {
            var error = await Assert.ThrowsAsync<NotFoundException>(call);
            Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("42", (await Assert.ThrowsAsync<NotFoundException>(async () => await experiments.GetAsync(42))).Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Invalid_names_and_tags_are_validation_errors_naming_the_field()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var experiments = fixture.Store.Experiments;
        Assert.Contains("experiment name", (await Assert.ThrowsAsync<ValidationException>(async () => await experiments.CreateAsync(" "))).Message, StringComparison.Ordinal);
        Assert.Contains("257", (await Assert.ThrowsAsync<ValidationException>(async () => await experiments.CreateAsync(new string('x', 257)))).Message, StringComparison.Ordinal);
        Assert.Contains("control", (await Assert.ThrowsAsync<ValidationException>(async () => await experiments.CreateAsync("a\nb"))).Message, StringComparison.Ordinal);
        await experiments.CreateAsync("ok");
        Assert.Contains("experiment tag key", (await Assert.ThrowsAsync<ValidationException>(async () => await experiments.SetTagAsync("ok", "bad key!", "v"))).Message, StringComparison.Ordinal);
        Assert.Contains("8000", (await Assert.ThrowsAsync<ValidationException>(async () => await experiments.SetTagAsync("ok", "k", new string('v', 8001)))).Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteExperimentContractTests : ExperimentContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlExperimentContractTests : ExperimentContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
