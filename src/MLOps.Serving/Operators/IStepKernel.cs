namespace MLOps.Serving.Operators;

/// <summary>A typed kernel chosen at plan time and kept as a step's state, so run time does not switch on types.</summary>
internal interface IStepKernel
{
    void Run(KernelContext context);
}
