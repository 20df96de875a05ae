namespace MLOps.Tracking;

/// <summary>The stored names of <see cref="RunStatus"/> values.</summary>
internal static class RunStatusNames
{
    public static string ToName(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new ValidationException($"Run status {(int)status} is not one of RUNNING, FINISHED, FAILED, KILLED."),
    };

    public static RunStatus Parse(string name) => name switch
    {
        "RUNNING" => RunStatus.Running,
        "FINISHED" => RunStatus.Finished,
        "FAILED" => RunStatus.Failed,
        "KILLED" => RunStatus.Killed,
        _ => throw new CorruptException($"Stored run status '{name}' is not one of RUNNING, FINISHED, FAILED, KILLED."),
    };
}
