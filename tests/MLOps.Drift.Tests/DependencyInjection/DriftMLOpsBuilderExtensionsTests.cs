using Microsoft.Extensions.DependencyInjection;
using MLOps.Data;
using MLOps.Drift;
using MLOps.Testing;

namespace MLOps.Drift.Tests.DependencyInjection;

public sealed class DriftMLOpsBuilderExtensionsTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AddDrift_registers_options_analyzer_and_the_workspace_profile_store()
    {
        var services = new ServiceCollection();
        services.AddMLOps().UseWorkspace(o => o.Path = _folder.Combine(".mlops")).AddDrift(o => o.DatasetDriftShare = 0.25);
        await using var provider = services.BuildServiceProvider();
        Assert.Equal(0.25, provider.GetRequiredService<DriftOptions>().DatasetDriftShare);
        var analyzer = provider.GetRequiredService<DriftAnalyzer>();
        var store = provider.GetRequiredService<ReferenceProfileStore>();

        var reference = new RecordBatch(new Schema(new Field("x", DataType.Float64)), [Float64Column.FromValues(Enumerable.Range(0, 200).Select(i => (double)i).ToArray())]);
        await store.SaveAsync("x", ReferenceProfile.Create(reference));
        var report = analyzer.Compare(await store.LoadAsync("x"), reference);
        Assert.False(report.DatasetDrift);
    }

    [Fact]
    public void AddDrift_validates_options_at_registration_and_needs_a_workspace_for_profiles()
    {
        var error = Assert.Throws<ValidationException>(() => new ServiceCollection().AddMLOps().AddDrift(o => o.DatasetDriftShare = 2));
        Assert.Contains("DatasetDriftShare", error.Message, StringComparison.Ordinal);

        var services = new ServiceCollection();
        services.AddMLOps().AddDrift();
        using var provider = services.BuildServiceProvider();
        var missing = Assert.Throws<ValidationException>(() => provider.GetRequiredService<ReferenceProfileStore>());
        Assert.Contains("UseWorkspace", missing.Message, StringComparison.Ordinal);
    }
}
