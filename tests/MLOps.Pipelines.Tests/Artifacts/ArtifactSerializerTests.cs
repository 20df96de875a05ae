using System.Text;
using MLOps.Data;
using MLOps.Pipelines.Artifacts;

namespace MLOps.Pipelines.Tests.Artifacts;

public sealed class ArtifactSerializerTests
{
    private static async Task<byte[]> WriteAsync<T>(IArtifactSerializer<T> serializer, T value)
    {
        using var stream = new MemoryStream();
        await serializer.WriteAsync(value, stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task Json_is_canonical_whatever_the_property_order()
    {
        var serializer = ArtifactSerializers.For<Dictionary<string, object>>();
        var a = await WriteAsync(serializer, new Dictionary<string, object> { ["b"] = 1, ["a"] = new Dictionary<string, int> { ["y"] = 2, ["x"] = 1 } });
        var b = await WriteAsync(serializer, new Dictionary<string, object> { ["a"] = new Dictionary<string, int> { ["x"] = 1, ["y"] = 2 }, ["b"] = 1 });
        Assert.Equal(a, b);
        Assert.Equal("{\"a\":{\"x\":1,\"y\":2},\"b\":1}", Encoding.UTF8.GetString(a));
        Assert.Equal(("json", 1), (serializer.Id, serializer.Version));

        var record = ArtifactSerializers.For<Metrics>();
        var bytes = await WriteAsync(record, new Metrics(0.5, "m"));
        Assert.Equal(new Metrics(0.5, "m"), await record.ReadAsync(bytes));
        await Assert.ThrowsAsync<CorruptException>(async () => await record.ReadAsync("{oops"u8.ToArray()));
    }

    [Fact]
    public async Task Bytes_streams_onnx_and_record_batches_round_trip()
    {
        Assert.Equal(new byte[] { 1, 2 }, await ArtifactSerializers.For<byte[]>().ReadAsync(await WriteAsync(ArtifactSerializers.For<byte[]>(), [1, 2])));

        var streamBytes = await WriteAsync(ArtifactSerializers.For<Stream>(), new MemoryStream([7, 8, 9]));
        await using var read = await ArtifactSerializers.For<Stream>().ReadAsync(streamBytes);
        Assert.Equal(3, read.Length);

        var onnx = ArtifactSerializers.For<OnnxModelArtifact>();
        var model = new OnnxModelArtifact(new byte[] { 0x08, 0x07, 0x12, 0x00 });
        Assert.Equal(model.Bytes.ToArray(), (await onnx.ReadAsync(await WriteAsync(onnx, model))).Bytes.ToArray());
        await Assert.ThrowsAsync<CorruptException>(async () => await WriteAsync(onnx, new OnnxModelArtifact(new byte[] { 0x07 })));

        var batch = await MLOps.Storage.Csv.CsvReader.ReadAllAsync(new MemoryStream("id,score,name\n1,0.5,a\n2,1.5,b\n"u8.ToArray()));
        var serializer = ArtifactSerializers.For<RecordBatch>();
        var first = await WriteAsync(serializer, batch);
        var back = await serializer.ReadAsync(first);
        Assert.Equal(2, back.RowCount);
        Assert.Equal(batch.Schema.ToString(), back.Schema.ToString());
        Assert.Equal(first, await WriteAsync(serializer, back));
    }

    [Fact]
    public async Task Record_batches_keep_their_column_types_and_nullability()
    {
        var schema = new Schema(new Field("id", DataType.Int64, IsNullable: false), new Field("whole", DataType.Float64), new Field("flag", DataType.Boolean), new Field("at", DataType.Timestamp));
        var builder = new RecordBatchBuilder(schema);
        builder.AppendRow(1L, 1.0, true, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        builder.AppendRow(2L, null, false, null);
        var batch = builder.Build();
        var serializer = ArtifactSerializers.For<RecordBatch>();
        var back = await serializer.ReadAsync(await WriteAsync(serializer, batch));
        Assert.Equal(schema, back.Schema);
        Assert.Equal(1.0, back.Column<Float64Column>("whole")[0]);
        Assert.True(back.Column("whole").IsNull(1));
        await Assert.ThrowsAsync<CorruptException>(async () => await serializer.ReadAsync("no schema line"u8.ToArray()));
        await Assert.ThrowsAsync<CorruptException>(async () => await serializer.ReadAsync("[{\"Name\":\"a\",\"Type\":\"Nope\",\"Nullable\":true}]\na\n1\n"u8.ToArray()));
    }

    [Fact]
    public async Task A_custom_serializer_version_is_part_of_the_cache_key()
    {
        await using var fixture = await MLOps.Testing.WorkspaceFixture.CreateAsync(MLOps.Testing.StorageBackend.Sqlite);
        await using var runner = await PipelineRunner.OpenAsync(fixture.Workspace);
        Pipeline Build(int version)
        {
            var builder = new PipelineBuilder("custom").UseSerializer(new UpperSerializer(version));
            builder.Step("text", (ctx, ct) => ValueTask.FromResult("hello"));
            return builder.Build();
        }

        var first = await runner.RunAsync(Build(1));
        Assert.Equal("HELLO", first.GetOutput(PipelineBuilder.Output<string>("text")));
        Assert.Equal(StepState.Cached, (await runner.RunAsync(Build(1)))["text"].State);
        var bumped = await runner.RunAsync(Build(2));
        Assert.Equal(StepState.Succeeded, bumped["text"].State);
        Assert.NotEqual(first["text"].CacheKey, bumped["text"].CacheKey);
    }

    private sealed record Metrics(double Auc, string Name);

    private sealed class UpperSerializer(int version) : IArtifactSerializer<string>
    {
        public string Id => "upper";

        public int Version => version;

        public ValueTask WriteAsync(string value, Stream destination, CancellationToken cancellationToken = default) =>
            destination.WriteAsync(Encoding.UTF8.GetBytes(value.ToUpperInvariant()), cancellationToken);

        public ValueTask<string> ReadAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Encoding.UTF8.GetString(data.Span));
    }
}
