using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>
/// One executor instance of a <see cref="DynamicBatcher"/>: a dedicated thread that takes batches,
/// concatenates their rows into buffers it keeps between batches, runs the executor, and hands each
/// request a view of its rows in the batch's outputs.
/// </summary>
internal sealed class BatchWorker
{
    private readonly DynamicBatcher _batcher;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PendingRequest> _batch = [];
    private readonly List<PendingRequest> _dropped = [];
    private readonly Dictionary<string, Tensor> _inputs = new(StringComparer.Ordinal);
    private readonly Tensor?[] _buffers;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public BatchWorker(DynamicBatcher batcher, int index)
    {
        _batcher = batcher;
        var signature = batcher.Signature;
        _inputNames = [.. signature.Inputs.Select(i => i.Name)];
        _outputNames = [.. signature.Outputs.Select(o => o.Name)];
        _buffers = new Tensor?[_inputNames.Length];
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = $"mlops-batcher {batcher.ModelName}/{batcher.ModelVersion} #{index}",
        };
    }

    public Task Completion => _completion.Task;

    public void Start() => _thread.Start();

    private void Run()
    {
        try
        {
            while (_batcher.TakeBatch(_batch, _dropped))
            {
                DropExpired();
                if (_batch.Count > 0)
                {
                    Execute();
                }
            }

            _completion.TrySetResult();
        }
#pragma warning disable CA1031 // The thread must report any failure to whoever awaits the batcher's disposal.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _completion.TrySetException(exception);
        }
    }

    private void DropExpired()
    {
        foreach (var pending in _dropped)
        {
            if (pending.TryClaim())
            {
                _batcher.CountFailure(InferenceOutcome.DeadlineExceeded);
                pending.Fail(new InferenceException(InferenceOutcome.DeadlineExceeded, $"The request to model '{_batcher.ModelName}' version {_batcher.ModelVersion} passed its deadline before it ran."));
            }

            pending.ReleaseByBatcher();
        }

        _dropped.Clear();
    }

    private void Execute()
    {
        var time = _batcher.Time;
        var started = time.GetTimestamp();
        var rows = 0;
        foreach (var pending in _batch)
        {
            rows += pending.Rows;
        }

        try
        {
            var outputs = _batcher.Executor.Run(GatherInputs(rows));
            var finished = time.GetTimestamp();
            _batcher.RecordBatch(rows, started, finished);
            Scatter(outputs, rows, started, finished);
        }
#pragma warning disable CA1031 // An executor failure fails only this batch's requests.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var error = exception is InferenceException ? exception : new InferenceException(
                InferenceOutcome.Failed,
                $"Model '{_batcher.ModelName}' version {_batcher.ModelVersion} failed on a batch of {rows} row(s): {exception.Message}",
                exception);
            foreach (var pending in _batch)
            {
                if (pending.TryClaim())
                {
                    _batcher.CountFailure(InferenceOutcome.Failed);
                    pending.Fail(error);
                }
            }
        }
        finally
        {
            foreach (var pending in _batch)
            {
                pending.ReleaseByBatcher();
            }

            _batch.Clear();
            _inputs.Clear();
            _batcher.FinishBatch();
        }
    }

    private Dictionary<string, Tensor> GatherInputs(int rows)
    {
        if (_batch.Count == 1)
        {
            var only = _batch[0].Request.Inputs;
            for (var i = 0; i < _inputNames.Length; i++)
            {
                _inputs[_inputNames[i]] = only[i];
            }

            return _inputs;
        }

        var capacity = _batcher.Options.MaxBatchSize;
        for (var i = 0; i < _inputNames.Length; i++)
        {
            var template = _batch[0].Request.Inputs[i];
            var buffer = _buffers[i];
            if (buffer is null || buffer.ElementType != template.ElementType || !TensorRows.SameRowShape(buffer, template))
            {
                var dimensions = template.Shape.Dimensions.ToArray();
                dimensions[0] = capacity;
                buffer = Tensor.Zeros(template.ElementType, new TensorShape(dimensions));
                _buffers[i] = buffer;
            }

            var offset = 0;
            foreach (var pending in _batch)
            {
                TensorRows.CopyRows(pending.Request.Inputs[i], buffer, offset);
                offset += pending.Rows;
            }

            _inputs[_inputNames[i]] = buffer.Slice(0, rows);
        }

        return _inputs;
    }

    private void Scatter(IReadOnlyDictionary<string, Tensor> outputs, int rows, long started, long finished)
    {
        var ordered = new Tensor[_outputNames.Length];
        for (var j = 0; j < ordered.Length; j++)
        {
            ordered[j] = outputs[_outputNames[j]];
        }

        if (_batch.Count == 1)
        {
            Answer(_batch[0], ordered, started, finished);
            return;
        }

        foreach (var output in ordered)
        {
            if (output.Rank == 0 || output.Shape[0] != rows)
            {
                _batcher.StopBatchingAcrossRequests();
                throw new InferenceException(
                    InferenceOutcome.Failed,
                    $"Model '{_batcher.ModelName}' version {_batcher.ModelVersion} returned an output of shape {output.Shape} for a batch of {rows} rows, so its rows cannot be split between requests; from now on each request runs alone.");
            }
        }

        var offset = 0;
        foreach (var pending in _batch)
        {
            var slices = new Tensor[ordered.Length];
            for (var j = 0; j < ordered.Length; j++)
            {
                slices[j] = ordered[j].Slice(offset, pending.Rows);
            }

            offset += pending.Rows;
            Answer(pending, slices, started, finished);
        }
    }

    private void Answer(PendingRequest pending, Tensor[] outputs, long started, long finished)
    {
        var response = new InferenceResponse(_batcher.ModelName, _batcher.ModelVersion, _batcher.Signature, outputs, pending.Request.Id);
        if (pending.TryClaim())
        {
            // Counted before the caller resumes, so statistics read right after an answer include it.
            _batcher.RecordSuccess(pending.EnqueuedAt, started, finished);
            pending.Succeed(response);
        }
    }
}
