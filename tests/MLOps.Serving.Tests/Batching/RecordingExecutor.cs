using System.Collections.Concurrent;
using MLOps.Serving.Onnx;
using MLOps.Tensors;

namespace MLOps.Serving.Tests.Batching;

/// <summary>Tiny real models whose signatures the batcher tests use.</summary>
internal static class BatchingModels
{
    /// <summary>Features per row of the identity models.</summary>
    public const int Features = 4;

    /// <summary>An Identity model: input "x" FP32 [first, 4] to output "y".</summary>
    public static byte[] Identity(TensorDimension first) => new OnnxModelBuilder()
        .AddInput("x", TensorElementType.Float32, first, Features)
        .AddNode("Identity", ["x"], ["y"])
        .AddOutput("y", TensorElementType.Float32, first, Features)
        .ToBytes();

    /// <summary>A two-input, two-output model: "sum" = a + b and "diff" = a - b, each FP32 [N, 3].</summary>
    public static byte[] SumAndDifference() => new OnnxModelBuilder()
        .AddInput("a", TensorElementType.Float32, "N", 3)
        .AddInput("b", TensorElementType.Float32, "N", 3)
        .AddNode("Add", ["a", "b"], ["sum"])
        .AddNode("Sub", ["a", "b"], ["diff"])
        .AddOutput("sum", TensorElementType.Float32, "N", 3)
        .AddOutput("diff", TensorElementType.Float32, "N", 3)
        .ToBytes();

    /// <summary>The signature of the identity model, read from the loaded model.</summary>
    public static ModelSignature IdentitySignature(TensorDimension first)
    {
        using var model = OnnxModel.Load(Identity(first), new InferenceOptions { ThreadCount = 1 });
        return model.Signature;
    }

    /// <summary>The signature of the identity model with a varying ("N") batch dimension; loaded once.</summary>
    public static ModelSignature Batchable { get; } = IdentitySignature("N");

    /// <summary>Rows whose values identify the request and the row: [id, row, marker, id * 10 + row].</summary>
    public static float[] Rows(int id, int rows, float marker = 0)
    {
        var values = new float[rows * Features];
        for (var r = 0; r < rows; r++)
        {
            values[(r * Features) + 0] = id;
            values[(r * Features) + 1] = r;
            values[(r * Features) + 2] = marker;
            values[(r * Features) + 3] = (id * 10) + r;
        }

        return values;
    }

    public static InferenceRequest Request(int id, int rows = 1, float marker = 0, int? priority = null, TimeSpan? timeout = null) =>
        new(Tensor.Create(Rows(id, rows, marker), rows, Features)) { Priority = priority, Timeout = timeout, Id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>The output "y" of a response as a flat array, after checking its shape.</summary>
    public static float[] Output(InferenceResponse response, int rows)
    {
        var y = Assert.IsType<Tensor<float>>(response["y"]);
        Assert.Equal(new TensorShape(rows, Features), y.Shape);
        return y.ToArray();
    }
}

/// <summary>
/// A controllable executor with the identity model's signature: records each batch's rows, optionally
/// waits on a gate the test opens, optionally throws for batches holding a marker value, and returns a
/// copy of its input (so each response must equal its own request's rows).
/// </summary>
internal sealed class RecordingExecutor : IModelExecutor
{
    /// <summary>The marker (feature 2) that makes a batch fail.</summary>
    public const float Poison = 1;

    private static readonly TimeSpan GateLimit = TimeSpan.FromSeconds(10);
    private readonly ConcurrentQueue<float[][]> _batches = new();
    private int _inFlight;
    private int _maxInFlight;

    public RecordingExecutor(ModelSignature? signature = null)
    {
        Signature = signature ?? BatchingModels.Batchable;
    }

    public ModelSignature Signature { get; }

    /// <summary>When set, every batch waits on it (up to 10 s, then fails) before it runs.</summary>
    public SemaphoreSlim? Gate { get; init; }

    /// <summary>Whether a batch with a row whose feature 2 equals <see cref="Poison"/> throws.</summary>
    public bool FailOnPoison { get; init; }

    /// <summary>Whether the output holds only the batch's first row, as a model that reduces over the batch would.</summary>
    public bool FirstRowOnly { get; init; }

    /// <summary>How long each batch busy-waits before it returns, to let queues build up; zero by default.</summary>
    public TimeSpan BatchTime { get; init; }

    /// <summary>Released once when each batch enters the executor.</summary>
    public SemaphoreSlim Entered { get; } = new(0);

    /// <summary>The batches seen, in the order they entered; each is a list of rows.</summary>
    public IReadOnlyList<float[][]> Batches => [.. _batches];

    /// <summary>The most batches that were inside the executor at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The request ids (feature 0) of each batch's rows, one list per batch.</summary>
    public IReadOnlyList<int[]> BatchIds => [.. Batches.Select(b => b.Select(r => (int)r[0]).ToArray())];

    /// <summary>Opens the gate for every batch from now on.</summary>
    public void Open() => Gate?.Release(10_000);

    /// <summary>Waits until another batch has entered the executor.</summary>
    public async Task WaitEnteredAsync()
    {
        if (!await Entered.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("No batch entered the executor within 10 s.");
        }
    }

    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        var x = (Tensor<float>)inputs["x"];
        var data = x.ToArray();
        var rows = new float[x.Shape[0]][];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = data.AsSpan(r * BatchingModels.Features, BatchingModels.Features).ToArray();
        }

        _batches.Enqueue(rows);
        var now = Interlocked.Increment(ref _inFlight);
        var seen = Volatile.Read(ref _maxInFlight);
        while (now > seen && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
            seen = Volatile.Read(ref _maxInFlight);
        }

        Entered.Release();
        try
        {
            if (Gate is not null && !Gate.Wait(GateLimit))
            {
                throw new TimeoutException("The test never opened the executor's gate.");
            }

            if (BatchTime > TimeSpan.Zero)
            {
                var until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(BatchTime.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
                {
                    Thread.SpinWait(20);
                }
            }

            if (FailOnPoison && rows.Any(r => r[2] == Poison))
            {
                throw new InvalidOperationException("poisoned batch");
            }

            var output = FirstRowOnly
                ? Tensor.Create(data[..BatchingModels.Features], 1, BatchingModels.Features)
                : Tensor.Create(data, x.Shape);
            return new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["y"] = output };
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public void Run(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs) =>
        throw new NotSupportedException("The batcher calls the dictionary overload.");

    public IReadOnlyList<TensorShape> GetOutputShapes(ReadOnlySpan<TensorShape> inputShapes) => [inputShapes[0]];

    public void Dispose()
    {
        Entered.Dispose();
        Gate?.Dispose();
    }
}
