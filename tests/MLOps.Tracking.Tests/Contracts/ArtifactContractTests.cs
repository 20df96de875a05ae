using MLOps.Testing;
using MLOps.Tracking.Tests.Support;

namespace MLOps.Tracking.Tests.Contracts;

/// <summary>Artifacts on every backend: stored in the blob store, listed with path, size and hash, read back verified.</summary>
public abstract class ArtifactContractTests
{
    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task Artifacts_are_stored_listed_read_and_replaced()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var artifacts = fixture.Store.Artifacts;
        await using var run = await fixture.Store.StartRunAsync("churn");
        var file = fixture.Workspace.Folder.Combine("weights.bin");
        await File.WriteAllBytesAsync(file, [1, 2, 3, 4]);
        var fromFile = await run.LogArtifactFileAsync(file);
        var fromStream = await run.LogArtifactAsync("model/model.onnx", new MemoryStream([5, 6]));
        await artifacts.LogFileAsync(run.Id, file, "model/weights.bin");
        Assert.Equal("weights.bin", fromFile.Path);
        Assert.Equal(4, fromFile.Size);
        Assert.Equal(ContentHash.Compute([1, 2, 3, 4]), fromFile.Hash);
        Assert.Equal(["model/model.onnx", "model/weights.bin", "weights.bin"], (await artifacts.ListAsync(run.Id)).Select(a => a.Path));
        Assert.Equal(["model/model.onnx", "model/weights.bin"], (await artifacts.ListAsync(run.Id, "model/")).Select(a => a.Path));
        Assert.Equal(fromStream, await artifacts.GetAsync(run.Id, "model/model.onnx"));

        await using (var stream = await artifacts.OpenReadAsync(run.Id, "model/model.onnx"))
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal([5, 6], copy.ToArray());
        }

        var target = fixture.Workspace.Folder.Combine("out.onnx");
        await artifacts.DownloadAsync(run.Id, "model/model.onnx", target);
        Assert.Equal([5, 6], await File.ReadAllBytesAsync(target));

        var replaced = await run.LogArtifactAsync("model/model.onnx", new MemoryStream([7]));
        Assert.Equal(1, (await artifacts.GetAsync(run.Id, "model/model.onnx")).Size);
        Assert.True(await fixture.Workspace.Workspace.Blobs.ExistsAsync(fromStream.Hash));
        Assert.NotEqual(fromStream.Hash, replaced.Hash);
    }

    [SkippableFact]
    public async Task Bad_paths_missing_files_and_unknown_runs_are_refused_before_storing_anything()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var artifacts = fixture.Store.Artifacts;
        await using var run = await fixture.Store.StartRunAsync("churn");
        foreach (var path in new[] { string.Empty, "/abs", "a/../b", "a//b", "./a", "a\\b", "c:/x", "a/ b", "tab\there", new string('p', 1025) })
        {
            var error = await Assert.ThrowsAsync<ValidationException>(async () => await run.LogArtifactAsync(path, new MemoryStream([1])));
            Assert.Contains("artifact path", error.Message, StringComparison.Ordinal);
        }

        var missingFile = fixture.Workspace.Folder.Combine("nope.bin");
        Assert.Contains("nope.bin", (await Assert.ThrowsAsync<NotFoundException>(async () => await run.LogArtifactFileAsync(missingFile))).Message, StringComparison.Ordinal);
        var missingRun = new string('c', 32);
        await Assert.ThrowsAsync<NotFoundException>(async () => await artifacts.LogAsync(missingRun, "x.bin", new MemoryStream([42])));
        Assert.False(await fixture.Workspace.Workspace.Blobs.ExistsAsync(ContentHash.Compute([42])));
        Assert.Contains("'x.bin'", (await Assert.ThrowsAsync<NotFoundException>(async () => await artifacts.GetAsync(run.Id, "x.bin"))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(async () => await artifacts.DownloadAsync(run.Id, "x.bin", fixture.Workspace.Folder.Combine("o")));
        Assert.Empty(await artifacts.ListAsync(run.Id));
    }
}

public sealed class SqliteArtifactContractTests : ArtifactContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlArtifactContractTests : ArtifactContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
