using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MLOps;
using MLOps.Serving;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Loads the models declared with <see cref="ServingBuilder"/> when the host starts, and follows registry aliases.</summary>
internal sealed partial class ModelLoaderService : IHostedService, IAsyncDisposable
{
    private readonly ModelRepository _repository;
    private readonly ServingBuilder _serving;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;

    public ModelLoaderService(ModelRepository repository, ServingBuilder serving, IServiceProvider services)
    {
        _repository = repository;
        _serving = serving;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger("MLOps.Serving") ?? NullLogger.Instance;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_serving.LoadInBackground)
        {
            _background = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
            return;
        }

        await LoadAllAsync(cancellationToken).ConfigureAwait(false);
        _background = Task.Run(() => PollAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _background.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: a load or poll in progress was abandoned.
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MLOpsException exception)
        {
            LogLoadFailed(exception.Message);
        }

        await PollAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        foreach (var model in _serving.Models)
        {
            if (model.Directory is { } directory)
            {
                var loaded = await _repository.LoadDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
                foreach (var version in loaded)
                {
                    LogLoaded(version.ModelName, version.Version, version.Source);
                }
            }
            else if (model.Reference is { } reference)
            {
                var version = await _repository.LoadFromRegistryAsync(model.Name!, reference, model.Config, cancellationToken).ConfigureAwait(false);
                LogLoaded(version.ModelName, version.Version, version.Source);
            }
            else
            {
                var version = await _repository.LoadAsync(model.Name!, model.Path!, model.Config, cancellationToken: cancellationToken).ConfigureAwait(false);
                LogLoaded(version.ModelName, version.Version, version.Source);
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        if (_serving.RegistryPollInterval is not { } interval || !_serving.Models.Any(m => m.Reference is not null))
        {
            return;
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
                foreach (var model in _serving.Models.Where(m => m.Reference is not null))
                {
                    try
                    {
                        if (await _repository.RefreshFromRegistryAsync(model.Name!, cancellationToken).ConfigureAwait(false) is { } version)
                        {
                            LogSwapped(version.ModelName, version.Version, version.Source);
                        }
                    }
                    catch (MLOpsException exception)
                    {
                        LogRefreshFailed(model.Name!, exception.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving model {Model} version {Version} from {Source}")]
    private partial void LogLoaded(string model, int version, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Swapped in model {Model} version {Version} from {Source}")]
    private partial void LogSwapped(string model, int version, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading models failed: {Error}")]
    private partial void LogLoadFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing model {Model} from the registry failed: {Error}")]
    private partial void LogRefreshFailed(string model, string error);
}
