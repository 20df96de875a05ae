Console.WriteLine(MLOps.Serving.Cuda.CudaExecutor.IsAvailable ? "CUDA available" : "CUDA not available");
