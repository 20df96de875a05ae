using MLOps.Lineage;
using MLOps.Tensors;
using MLOps.Testing;
using MLOps.Tracking.Tests.Support;

namespace MLOps.Tracking.Tests.Contracts;

/// <summary>The model registry on every backend: models, auto-numbered versions, signatures, aliases and their audit history.</summary>
public abstract class RegistryContractTests
{
    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task Models_are_created_described_tagged_and_listed()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var models = fixture.Store.Models;
        var created = await models.CreateModelAsync("churn", "predicts churn", new Dictionary<string, string> { ["team"] = "growth" });
        Assert.Equal("predicts churn", created.Description);
        Assert.Null(created.LatestVersion);
        Assert.Equal("growth", created.Tags["team"]);
        await models.CreateModelAsync("aaa");
        await models.UpdateModelDescriptionAsync("churn", "v2");
        await models.SetModelTagAsync("churn", "team", "core");
        var read = await models.GetModelAsync("churn");
        Assert.Equal("v2", read.Description);
        Assert.Equal("core", read.Tags["team"]);
        Assert.Equal(["aaa", "churn"], (await models.ListModelsAsync()).Select(m => m.Name));

        Assert.Contains("'churn'", (await Assert.ThrowsAsync<ConflictException>(async () => await models.CreateModelAsync("churn"))).Message, StringComparison.Ordinal);
        Assert.Contains("model name", (await Assert.ThrowsAsync<ValidationException>(async () => await models.CreateModelAsync("bad name"))).Message, StringComparison.Ordinal);
        Assert.Contains("'nope'", (await Assert.ThrowsAsync<NotFoundException>(async () => await models.GetModelAsync("nope"))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(async () => await models.SetModelTagAsync("nope", "k", "v"));
        await Assert.ThrowsAsync<NotFoundException>(async () => await models.UpdateModelDescriptionAsync("nope", "d"));
        await Assert.ThrowsAsync<ValidationException>(async () => await models.UpdateModelDescriptionAsync("churn", new string('d', 10_001)));
    }

    [SkippableFact]
    public async Task Versions_are_numbered_from_runs_artifacts_with_signature_and_status()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, new TrackingOptions { User = "ana" });
        var models = fixture.Store.Models;
        await using var run = await fixture.Store.StartRunAsync("churn");
        var artifact = await run.LogArtifactAsync("model/model.onnx", new MemoryStream([1, 2, 3]));
        var signature = new ModelSignature(
            [new TensorSpec("features", TensorElementType.Float32, [-1, 12])],
            [new TensorSpec("probability", TensorElementType.Float32, [-1, 1])]);
        var v1 = await models.RegisterVersionAsync("churn", new ModelVersionRegistration
        {
            RunId = run.Id,
            ArtifactPath = "model/model.onnx",
            Signature = signature,
            Description = "first",
            Tags = new Dictionary<string, string> { ["validated"] = "no" },
        });
        Assert.Equal(1, v1.Version);
        Assert.Equal(run.Id, v1.RunId);
        Assert.Equal(artifact.Hash, v1.ArtifactHash);
        Assert.Equal(3, v1.ArtifactSize);
        Assert.Equal(ModelVersionStatus.Ready, v1.Status);
        Assert.Equal("ana", v1.CreatedBy);
        Assert.Equal("no", v1.Tags["validated"]);
        Assert.Equal(signature.Inputs[0].Shape, v1.Signature!.Inputs[0].Shape);
        Assert.Equal("probability", v1.Signature.Outputs[0].Name);
        Assert.Equal(TensorElementType.Float32, v1.Signature.Inputs[0].ElementType);
        Assert.Equal("model:churn/1", v1.Reference.ToString());

        var v2 = await models.RegisterVersionAsync("churn", run.Id, "model/model.onnx");
        var v3 = await models.RegisterVersionAsync("churn", new ModelVersionRegistration { ArtifactHash = artifact.Hash, Status = ModelVersionStatus.Pending });
        Assert.Equal([2, 3], new[] { v2.Version, v3.Version });
        Assert.Null(v3.RunId);
        Assert.Equal(ModelVersionStatus.Pending, v3.Status);
        Assert.Equal(3, (await models.GetModelAsync("churn")).LatestVersion);

        await models.SetVersionStatusAsync("churn", 3, ModelVersionStatus.Archived);
        await models.UpdateVersionDescriptionAsync("churn", 3, "old");
        await models.SetVersionTagAsync("churn", 3, "validated", "yes");
        var v3read = await models.GetVersionAsync("churn", 3);
        Assert.Equal(ModelVersionStatus.Archived, v3read.Status);
        Assert.Equal("old", v3read.Description);
        Assert.Equal("yes", v3read.Tags["validated"]);
        Assert.Equal([1, 2, 3], (await models.ListVersionsAsync("churn")).Select(v => v.Version));
    }

    [SkippableFact]
    public async Task Registration_errors_name_what_is_wrong()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var models = fixture.Store.Models;
        await using var run = await fixture.Store.StartRunAsync("churn");
        var artifact = await run.LogArtifactAsync("model.onnx", new MemoryStream([1]));
        var missingRun = new string('b', 32);
        Assert.Contains(missingRun, (await Assert.ThrowsAsync<NotFoundException>(async () => await models.RegisterVersionAsync("churn", missingRun, "model.onnx"))).Message, StringComparison.Ordinal);
        Assert.Contains("'nope.onnx'", (await Assert.ThrowsAsync<NotFoundException>(async () => await models.RegisterVersionAsync("churn", run.Id, "nope.onnx"))).Message, StringComparison.Ordinal);
        Assert.Contains("RunId", (await Assert.ThrowsAsync<ValidationException>(async () => await models.RegisterVersionAsync("churn", new ModelVersionRegistration { ArtifactPath = "model.onnx" }))).Message, StringComparison.Ordinal);
        var absent = ContentHash.Compute([9, 9, 9]);
        Assert.Contains(absent.ToString(), (await Assert.ThrowsAsync<NotFoundException>(async () => await models.RegisterVersionAsync("churn", new ModelVersionRegistration { ArtifactHash = absent }))).Message, StringComparison.Ordinal);
        await fixture.Workspace.Workspace.Blobs.PutAsync(new byte[] { 9, 9, 9 });
        var mismatch = await Assert.ThrowsAsync<ConflictException>(async () =>
            await models.RegisterVersionAsync("churn", new ModelVersionRegistration { RunId = run.Id, ArtifactPath = "model.onnx", ArtifactHash = absent }));
        Assert.Contains(artifact.Hash.ToString(), mismatch.Message, StringComparison.Ordinal);
        var duplicate = new ModelSignature([new TensorSpec("x", TensorElementType.Float32, [1]), new TensorSpec("x", TensorElementType.Float32, [1])], []);
        Assert.Contains("'x' twice", (await Assert.ThrowsAsync<ValidationException>(async () => await models.RegisterVersionAsync("churn", new ModelVersionRegistration { Signature = duplicate }))).Message, StringComparison.Ordinal);
        var badShape = new ModelSignature([new TensorSpec("x", TensorElementType.Float32, [-2])], []);
        Assert.Contains("below -1", (await Assert.ThrowsAsync<ValidationException>(async () => await models.RegisterVersionAsync("churn", new ModelVersionRegistration { Signature = badShape }))).Message, StringComparison.Ordinal);
        Assert.Contains("model name", (await Assert.ThrowsAsync<ValidationException>(async () => await models.RegisterVersionAsync("a/b", run.Id, "model.onnx"))).Message, StringComparison.Ordinal);

        // Nothing above left a model or a version behind.
        await Assert.ThrowsAsync<NotFoundException>(async () => await models.GetModelAsync("churn"));
        await models.RegisterVersionAsync("churn", run.Id, "model.onnx");
        Assert.Contains("no version 7", (await Assert.ThrowsAsync<NotFoundException>(async () => await models.GetVersionAsync("churn", 7))).Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Aliases_move_atomically_and_every_move_is_kept()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, new TrackingOptions { User = "ana" }, fakeClock: true);
        var models = fixture.Store.Models;
        await using var run = await fixture.Store.StartRunAsync("churn");
        await run.LogArtifactAsync("model.onnx", new MemoryStream([1]));
        for (var i = 0; i < 3; i++)
        {
            await models.RegisterVersionAsync("churn", run.Id, "model.onnx");
        }

        var start = fixture.Clock!.GetUtcNow();
        var created = await models.SetAliasAsync("churn", "champion", 1);
        Assert.Equal(new AliasChange("churn", "champion", null, 1, start, "ana"), created);
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var moved = await models.SetAliasAsync("churn", "champion", 3, user: "bo");
        Assert.Equal(new AliasChange("churn", "champion", 1, 3, start.AddHours(1), "bo"), moved);
        var same = await models.SetAliasAsync("churn", "champion", 3);
        Assert.Equal(same.FromVersion, same.ToVersion);
        await models.SetAliasAsync("churn", "challenger", 2);

        Assert.Equal(3, (await models.GetVersionByAliasAsync("churn", "champion")).Version);
        Assert.Equal(3, (await models.ResolveAsync(new ModelAliasReference("churn", "champion"))).Version);
        Assert.Equal(2, (await models.ResolveAsync(LineageReference.Parse("model:churn/2"))).Version);
        Assert.Equal(new Dictionary<string, int> { ["champion"] = 3, ["challenger"] = 2 }, (await models.GetModelAsync("churn")).Aliases);
        Assert.Equal(["champion"], (await models.GetVersionAsync("churn", 3)).Aliases);
        Assert.Empty((await models.GetVersionAsync("churn", 1)).Aliases);

        var removed = await models.DeleteAliasAsync("churn", "challenger");
        Assert.Equal((2, (int?)null), (removed.FromVersion, removed.ToVersion));
        var history = await models.GetAliasHistoryAsync("churn");
        Assert.Equal([(null, 1), (1, 3), (null, 2), (2, null)], history.Select(h => (h.FromVersion, h.ToVersion)));
        Assert.Equal(2, (await models.GetAliasHistoryAsync("churn", "champion")).Count);
        Assert.Equal(["ana", "bo", "ana", "ana"], history.Select(h => h.ChangedBy));
    }

    [SkippableFact]
    public async Task Alias_errors_name_the_alias_model_and_version()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var models = fixture.Store.Models;
        await using var run = await fixture.Store.StartRunAsync("churn");
        await run.LogArtifactAsync("model.onnx", new MemoryStream([1]));
        await models.RegisterVersionAsync("churn", run.Id, "model.onnx");
        var looksLikeVersion = await Assert.ThrowsAsync<ValidationException>(async () => await models.SetAliasAsync("churn", "2", 1));
        Assert.Contains("'2'", looksLikeVersion.Message, StringComparison.Ordinal);
        Assert.Contains("version", looksLikeVersion.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationException>(async () => await models.SetAliasAsync("churn", "bad alias", 1));
        await Assert.ThrowsAsync<ValidationException>(async () => await models.SetAliasAsync("churn", "champion", 0));
        Assert.Contains("no version 5", (await Assert.ThrowsAsync<NotFoundException>(async () => await models.SetAliasAsync("churn", "champion", 5))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(async () => await models.SetAliasAsync("nope", "champion", 1));
        Assert.Contains("no alias 'champion'", (await Assert.ThrowsAsync<NotFoundException>(async () => await models.GetVersionByAliasAsync("churn", "champion"))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(async () => await models.DeleteAliasAsync("churn", "champion"));
        await Assert.ThrowsAsync<NotFoundException>(async () => await models.GetAliasHistoryAsync("nope"));
        await Assert.ThrowsAsync<ValidationException>(async () => await models.ResolveAsync(new RunReference("abc")));
        Assert.Empty(await models.GetAliasHistoryAsync("churn"));
    }

    [SkippableFact]
    public async Task Concurrent_registrations_get_distinct_consecutive_versions()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend);
        var (workspace, other) = await fixture.OpenAnotherAsync();
        await using (workspace)
        await using (other)
        {
            var versions = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
                (i % 2 == 0 ? fixture.Store : other).Models.RegisterVersionAsync("churn", new ModelVersionRegistration()).AsTask()));
            Assert.Equal(Enumerable.Range(1, 10), versions.Select(v => v.Version).Order());
        }
    }
}

public sealed class SqliteRegistryContractTests : RegistryContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlRegistryContractTests : RegistryContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
