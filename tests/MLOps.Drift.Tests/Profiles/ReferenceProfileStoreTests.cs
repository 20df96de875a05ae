using MLOps.Data;
using MLOps.Testing;

namespace MLOps.Drift.Tests.Profiles;

public sealed class ReferenceProfileStoreTests
{
    [Fact]
    public async Task Profiles_round_trip_through_the_workspace_with_versions()
    {
        await using var fixture = await WorkspaceFixture.CreateAsync(StorageBackend.Sqlite, new FakeTimeProvider());
        var store = await ReferenceProfileStore.OpenAsync(fixture.Workspace);
        var reference = TestData.Batch(
            ("x", Float64Column.FromNullable(1.5, null, double.NaN, 3, 2)),
            ("s", StringColumn.FromValues("a", "b", null, "a", "b")),
            ("k", Int64Column.FromValues(1, 2, 1, 2, 1)));
        var profile = ReferenceProfile.Create(reference, new DriftOptions { CategoricalDistinctLimit = 2 });
        var first = await store.SaveAsync("orders", profile);
        var second = await store.SaveAsync("orders", profile);
        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Equal(first.BlobHash, second.BlobHash);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), first.CreatedAt);

        var loaded = await store.LoadAsync("orders");
        Assert.Equal(profile.RowCount, loaded.RowCount);
        Assert.Equal(["x", "s", "k"], loaded.Columns.Select(c => c.Name));
        var x = (NumericSample)loaded["x"].Sample;
        Assert.Equal([1.5, 2, 3], x.Sorted.ToArray());
        Assert.Equal(new MissingValueCounts(1, 1, 0, 0), x.Missing);
        var s = (CategoricalSample)loaded["s"].Sample;
        Assert.Equal(["a", "b"], s.Categories);
        Assert.Equal([2L, 2L], s.Counts);
        Assert.Equal(DriftColumnKind.Categorical, loaded["k"].Kind);

        var report = new DriftAnalyzer().Compare(loaded, reference);
        Assert.False(report.DatasetDrift);
        Assert.Equal(2, (await store.ListAsync()).Count);
        await Assert.ThrowsAsync<NotFoundException>(async () => await store.LoadAsync("orders", 7));
        await Assert.ThrowsAsync<NotFoundException>(async () => await store.LoadAsync("missing"));
    }
}
