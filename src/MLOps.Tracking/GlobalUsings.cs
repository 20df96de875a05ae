global using MLOps.Storage;
