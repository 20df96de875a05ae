using MLOps.Testing;

namespace MLOps.Tracking.Tests.Support;

/// <summary>A fresh workspace on a backend with a tracking store over it; disposing removes both.</summary>
internal sealed class TrackingFixture : IAsyncDisposable
{
    private TrackingFixture(WorkspaceFixture workspace, TrackingStore store, FakeTimeProvider? clock)
    {
        Workspace = workspace;
        Store = store;
        Clock = clock;
    }

    public WorkspaceFixture Workspace { get; }

    public TrackingStore Store { get; }

    public FakeTimeProvider? Clock { get; }

    public static async Task<TrackingFixture> CreateAsync(StorageBackend backend, TrackingOptions? options = null, bool fakeClock = false)
    {
        var clock = fakeClock ? new FakeTimeProvider() : null;
        var workspace = await WorkspaceFixture.CreateAsync(backend, clock);
        try
        {
            var store = await TrackingStore.OpenAsync(workspace.Workspace, options);
            return new TrackingFixture(workspace, store, clock);
        }
        catch
        {
            await workspace.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a second store on the same workspace database, as another process would.</summary>
    public async Task<(MLOps.Storage.MLOpsWorkspace Workspace, TrackingStore Store)> OpenAnotherAsync(TrackingOptions? options = null)
    {
        var workspace = await MLOps.Storage.MLOpsWorkspace.OpenAsync(Workspace.Options);
        return (workspace, await TrackingStore.OpenAsync(workspace, options));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Store.DisposeAsync();
        }
        finally
        {
            await Workspace.DisposeAsync();
        }
    }
}
