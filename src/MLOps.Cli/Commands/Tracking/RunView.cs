using MLOps.Tracking;

namespace MLOps.Cli.Commands.Tracking;
