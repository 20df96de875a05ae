namespace MLOps.Pipelines.Triggers;

/// <summary>A pipeline and the trigger that runs it, registered for <see cref="PipelineTriggerService"/>.</summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Trigger">When it runs.</param>
public sealed record PipelineSchedule(Pipeline Pipeline, IPipelineTrigger Trigger);
