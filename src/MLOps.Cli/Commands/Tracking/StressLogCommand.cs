using System.CommandLine;
using MLOps.Cli.Hosting;
using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;

/// <summary>
/// <c>mlops tracking stress-log</c> (hidden): one process logging a run, for the multi-process and
/// kill tests. It prints <c>started RUN_ID</c>, then <c>flushed STEP</c> after each flush, then
/// <c>done RUN_ID</c>, one line each, flushed at once so a parent process can follow along.
/// </summary>
internal static class StressLogCommand
{
    public static Command Create(CommandActions actions)
    {
        var experiment = new Option<string>("--experiment") { Description = "The experiment.", DefaultValueFactory = _ => "stress" };
        var keys = new Option<int>("--keys") { Description = "Metric keys.", DefaultValueFactory = _ => 4 };
        var steps = new Option<int>("--steps") { Description = "Steps per key.", DefaultValueFactory = _ => 1000 };
        var flushEvery = new Option<int>("--flush-every") { Description = "Flush (and report) every N steps.", DefaultValueFactory = _ => 100 };
        var param = new Option<string?>("--param") { Description = "A param value to log as 'worker'." };
        var command = new Command("stress-log", "Log metrics from this process (used by the multi-process tests).") { experiment, keys, steps, flushEvery, param };
        command.Hidden = true;
        actions.Set(command, async (context, cancellationToken) =>
        {
            var tracking = await TrackingCli.OpenAsync(context, create: true, cancellationToken);
            try
            {
                var run = await tracking.StartRunAsync(context.Get(experiment)!, "stress", cancellationToken);
                if (context.Get(param) is { } worker)
                {
                    await run.LogParamAsync("worker", worker, cancellationToken);
                }

                await Say(context, "started " + run.Id);
                var names = Enumerable.Range(0, context.Get(keys)).Select(k => "k" + k).ToArray();
                var every = Math.Max(1, context.Get(flushEvery));
                for (var step = 0; step < context.Get(steps); step++)
                {
                    foreach (var key in names)
                    {
                        run.LogMetric(key, step * 0.5, step);
                    }

                    if ((step + 1) % every == 0)
                    {
                        await run.FlushAsync(cancellationToken);
                        await Say(context, "flushed " + step);
                    }
                }

                await run.EndAsync(RunStatus.Finished, cancellationToken);
                await Say(context, "done " + run.Id);
                return 0;
            }
            finally
            {
                await TrackingCli.CloseAsync(tracking);
            }
        });
        return command;
    }

    private static async Task Say(CliContext context, string line)
    {
        await context.Output.WriteLineAsync(line);
        await context.Output.FlushAsync();
    }
}
