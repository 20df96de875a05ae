using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MLOps.Pipelines;
using MLOps.Pipelines.Triggers;
using MLOps.Storage;
using MLOps.Tracking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers pipelines with the MLOps builder.</summary>
public static class PipelinesMLOpsBuilderExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="PipelineRunner"/> over the workspace (tracking runs when a
    /// <see cref="TrackingStore"/> is registered and no other is set) and the hosted
    /// <see cref="PipelineTriggerService"/>. Calling it twice is harmless; the first options win.
    /// </summary>
    /// <param name="builder">The MLOps builder (with <c>UseWorkspace</c>).</param>
    /// <param name="configure">Changes the runner's options.</param>
    /// <returns>A builder to add schedules to.</returns>
    /// <exception cref="MLOps.ValidationException">An option is invalid.</exception>
    public static IPipelinesBuilder AddPipelines(this IMLOpsBuilder builder, Action<PipelineRunnerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new PipelineRunnerOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.Services.TryAddSingleton(sp =>
        {
            var workspace = sp.GetService<MLOpsWorkspace>()
                ?? throw new MLOps.ValidationException("AddPipelines needs a workspace: call UseWorkspace(...) on the MLOps builder.");
            options.Tracking ??= sp.GetService<TrackingStore>();

            // Resolution is synchronous in the container; opening applies the pipelines migrations once.
            return PipelineRunner.OpenAsync(workspace, options).AsTask().GetAwaiter().GetResult();
        });
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PipelineTriggerService>());
        return new PipelinesBuilder(builder.Services);
    }

    /// <summary>Runs a pipeline each time a trigger fires, from the hosted service.</summary>
    /// <param name="builder">The pipelines builder.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The same builder.</returns>
    public static IPipelinesBuilder AddSchedule(this IPipelinesBuilder builder, Pipeline pipeline, IPipelineTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(trigger);
        builder.Services.AddSingleton(new PipelineSchedule(pipeline, trigger));
        return builder;
    }

    /// <summary>Runs a pipeline on a cron schedule (UTC), with the registered <see cref="TimeProvider"/> or the system clock.</summary>
    /// <param name="builder">The pipelines builder.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="cron">A five-field cron expression.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="MLOps.ValidationException">The expression is malformed.</exception>
    public static IPipelinesBuilder AddCronSchedule(this IPipelinesBuilder builder, Pipeline pipeline, string cron)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(pipeline);
        var expression = CronExpression.Parse(cron);
        builder.Services.AddSingleton(sp => new PipelineSchedule(pipeline, new CronTrigger(expression, sp.GetService<TimeProvider>())));
        return builder;
    }

    private sealed class PipelinesBuilder(IServiceCollection services) : IPipelinesBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
