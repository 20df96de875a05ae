namespace MLOps.Cli.Commands.Tracking;

/// <summary>A run input.</summary>
internal sealed record InputView(string Reference, string? Context);
