using MLOps.Data;
using MLOps.Inference;
using MLOps.Tensors;

namespace MLOps.Drift;

/// <summary>
/// The serving tap: an <see cref="IInferenceObserver"/> that turns a model's answered requests into rows
/// (one column per feature) and offers them to a drift sink (a <see cref="DriftSampler"/>) without
/// blocking the request: sampling is decided first, conversion copies only sampled rows, and a full
/// sink drops and counts. Register it with <c>AddServing(s =&gt; s.AddObserver&lt;…&gt;())</c> or pass it in
/// <c>ModelRepositoryOptions.Observers</c>.
/// </summary>
public sealed class DriftInferenceObserver : IInferenceObserver
{
    private readonly IDriftSink _sink;
    private readonly DriftInferenceObserverOptions _options;
    private readonly Lock _randomGate = new();
    private readonly Random _random;
    private long _observed;
    private long _offered;
    private long _dropped;
    private long _skipped;

    /// <summary>Creates the tap.</summary>
    /// <param name="sink">Where rows go (a <see cref="DriftSampler"/> in a host).</param>
    /// <param name="options">Which model, which columns, what share of requests.</param>
    /// <exception cref="ValidationException">An option is out of range.</exception>
    public DriftInferenceObserver(IDriftSink sink, DriftInferenceObserverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        _options = options ?? new DriftInferenceObserverOptions();
        _options.Validate();
        _random = new Random(_options.Seed);
    }

    /// <summary>Requests seen for the observed model.</summary>
    public long Observed => Interlocked.Read(ref _observed);

    /// <summary>Requests whose rows were offered to the sink.</summary>
    public long Offered => Interlocked.Read(ref _offered);

    /// <summary>Requests the sink refused because it was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Requests with tensors that cannot become columns (rank above 2, or a type with no column).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <inheritdoc />
    public void OnInference(InferenceObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (_options.ModelName is { } model && !string.Equals(model, observation.ModelName, StringComparison.Ordinal))
        {
            return;
        }

        Interlocked.Increment(ref _observed);
        if (_options.SampleRate < 1)
        {
            lock (_randomGate)
            {
#pragma warning disable CA5394 // Sampling, not security.
                if (_random.NextDouble() >= _options.SampleRate)
#pragma warning restore CA5394
                {
                    return;
                }
            }
        }

        var inputs = ToRows(observation.InputNames, observation.Inputs, prefix: string.Empty);
        var outputs = _options.IncludeOutputs ? ToRows(observation.OutputNames, observation.Outputs, prefix: string.Empty) : null;
        if (inputs is null || (_options.IncludeOutputs && outputs is null))
        {
            Interlocked.Increment(ref _skipped);
            return;
        }

        Interlocked.Increment(ref _offered);
        if (!_sink.TryOffer(inputs, outputs))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private RecordBatch? ToRows(IReadOnlyList<string> names, IReadOnlyList<Tensor> tensors, string prefix)
    {
        var fields = new List<Field>();
        var columns = new List<Column>();
        for (var i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            if (tensor.Rank is < 1 or > 2)
            {
                return null;
            }

            var rows = tensor.Shape[0];
            var width = tensor.Rank == 2 ? tensor.Shape[1] : 1;
            var columnNames = ColumnNames(prefix + names[i], width);
            for (var j = 0; j < width; j++)
            {
                var column = ToColumn(tensor, rows, width, j);
                if (column is null)
                {
                    return null;
                }

                fields.Add(new Field(columnNames[j], column.Type));
                columns.Add(column);
            }
        }

        return new RecordBatch(new Schema(fields), columns);
    }

    private IReadOnlyList<string> ColumnNames(string tensor, int width)
    {
        if (_options.FeatureNames.TryGetValue(tensor, out var names))
        {
            return names.Count == width
                ? names
                : throw new ValidationException($"DriftInferenceObserverOptions.FeatureNames['{tensor}'] has {names.Count} names; the tensor has {width} columns.");
        }

        return width == 1 ? [tensor] : [.. Enumerable.Range(0, width).Select(j => $"{tensor}[{j}]")];
    }

    private static Column? ToColumn(Tensor tensor, int rows, int width, int column)
    {
        if (tensor is Tensor<string> text)
        {
            var builder = new StringColumnBuilder(rows);
            var span = text.Span;
            for (var r = 0; r < rows; r++)
            {
                builder.Append(span[(r * width) + column]);
            }

            return builder.Build();
        }

        var values = new Float64ColumnBuilder(rows);
        for (var r = 0; r < rows; r++)
        {
            if (!TryRead(tensor, (r * width) + column, out var value))
            {
                return null;
            }

            values.Append(value);
        }

        return values.Build();
    }

    private static bool TryRead(Tensor tensor, int index, out double value)
    {
        value = tensor switch
        {
            Tensor<float> t => t.Span[index],
            Tensor<double> t => t.Span[index],
            Tensor<int> t => t.Span[index],
            Tensor<long> t => t.Span[index],
            Tensor<Half> t => (double)t.Span[index],
            Tensor<byte> t => t.Span[index],
            Tensor<bool> t => t.Span[index] ? 1 : 0,
            Tensor<sbyte> t => t.Span[index],
            Tensor<short> t => t.Span[index],
            Tensor<ushort> t => t.Span[index],
            Tensor<uint> t => t.Span[index],
            Tensor<ulong> t => t.Span[index],
            Tensor<BFloat16> t => (float)t.Span[index],
            _ => double.NaN,
        };
        return tensor.ElementType != TensorElementType.String;
    }
}
