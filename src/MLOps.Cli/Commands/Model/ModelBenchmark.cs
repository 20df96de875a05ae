using System.Diagnostics;
using MLOps.Serving;
using MLOps.Tensors;

namespace MLOps.Cli.Commands.Model;

/// <summary>Measures one loaded model on generated inputs; the figures behind <c>mlops model bench</c>.</summary>
internal static class ModelBenchmark
{
    public static BenchResult Run(OnnxModel model, string path, int batch, TimeSpan duration, CancellationToken cancellationToken)
    {
        var random = new Random(20260101);
        var inputs = model.Signature.Inputs.Select(input => Generate(input, batch, random)).ToArray();
        Tensor[]? outputs = null;
        try
        {
            var shapes = model.GetOutputShapes([.. inputs.Select(static i => i.Shape)]);
            outputs = [.. shapes.Select((shape, i) => Tensor.Zeros(
                model.Signature.Outputs[i].ElementType ?? throw new ValidationException($"Output '{model.Signature.Outputs[i].Name}' has a type the exchange tensor cannot carry."),
                shape))];
        }
        catch (ValidationException)
        {
            // Output shapes that depend on input values: fall back to the allocating call.
        }

        var named = model.Signature.Inputs.Select((input, i) => (input.Name, inputs[i])).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal);
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < duration / 5 || warmUp.Elapsed < TimeSpan.FromSeconds(0.2))
        {
            Call(model, inputs, outputs, named);
            cancellationToken.ThrowIfCancellationRequested();
        }

        // Latencies go to a preallocated buffer so the loop itself allocates nothing.
        var latencies = new long[(int)Math.Min(20_000_000, Math.Max(1_000, duration.TotalSeconds * 1_000_000))];
        var calls = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var limit = (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (clock.ElapsedTicks < limit && calls < latencies.Length)
        {
            var start = Stopwatch.GetTimestamp();
            Call(model, inputs, outputs, named);
            latencies[calls++] = Stopwatch.GetTimestamp() - start;
            if ((calls & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Array.Sort(latencies, 0, calls);
        double Percentile(double p) => latencies[Math.Min(calls - 1, (int)Math.Floor(p * calls))] * 1e6 / Stopwatch.Frequency;
        return new BenchResult(
            path,
            batch,
            model.ThreadCount,
            calls,
            Math.Round(elapsed, 3),
            Math.Round(calls * (double)batch / elapsed, 1),
            Math.Round(calls / elapsed, 1),
            Math.Round(Percentile(0.5), 2),
            Math.Round(Percentile(0.9), 2),
            Math.Round(Percentile(0.99), 2),
            Math.Round(elapsed * 1e6 / calls, 2),
            Math.Round(allocated / (double)calls, 1),
            outputs is not null);
    }

    private static void Call(OnnxModel model, Tensor[] inputs, Tensor[]? outputs, Dictionary<string, Tensor> named)
    {
        if (outputs is not null)
        {
            model.Run(inputs, outputs);
        }
        else
        {
            model.Run(named);
        }
    }

    /// <summary>An input of the signature's type: the first varying dimension is the batch, others are 1.</summary>
    private static Tensor Generate(TensorSignature input, int batch, Random random)
    {
        var type = input.ElementType ?? throw new ValidationException($"Input '{input.Name}' has ONNX type {input.OnnxDataType}, which the benchmark cannot generate.");
        var dims = input.Dimensions?.Select((d, i) => d.Size ?? (i == 0 ? batch : 1)).ToArray() ?? [batch];
        var shape = new TensorShape(dims);
        var tensor = Tensor.Zeros(type, shape);
        switch (tensor)
        {
            case Tensor<float> t:
                t.Span.Fill(0);
                for (var i = 0; i < t.ElementCount; i++)
                {
                    t.Span[i] = (float)((random.NextDouble() * 2) - 1);
                }

                break;
            case Tensor<double> t:
                for (var i = 0; i < t.ElementCount; i++)
                {
                    t.Span[i] = (random.NextDouble() * 2) - 1;
                }

                break;
            case Tensor<long> t:
                for (var i = 0; i < t.ElementCount; i++)
                {
                    t.Span[i] = random.Next(4);
                }

                break;
            case Tensor<int> t:
                for (var i = 0; i < t.ElementCount; i++)
                {
                    t.Span[i] = random.Next(4);
                }

                break;
            default:
                break;
        }

        return tensor;
    }
}
