using MLOps.Serving.Operators;

namespace MLOps.Serving.Kernels;

/// <summary>A binary element-wise step: a broadcast plan and an operation fixed at plan time.</summary>
internal sealed unsafe class BinaryKernel<TA, TB, TR, TOp> : IStepKernel
    where TA : unmanaged
    where TB : unmanaged
    where TR : unmanaged
    where TOp : IBinarySpanOp<TA, TB, TR>
{
    private readonly BroadcastPlan _plan;
    private readonly int _first;
    private readonly int _second;

    public BinaryKernel(BroadcastPlan plan, int first = 0, int second = 1)
    {
        _plan = plan;
        _first = first;
        _second = second;
    }

    public void Run(KernelContext context) =>
        Broadcast.Run<TA, TB, TR, TOp>(_plan, context.InputPointer<TA>(_first), context.InputPointer<TB>(_second), context.OutputPointer<TR>(0));

    /// <summary>Runs with explicit operands, for operators that fold several inputs into their output.</summary>
    public void Run(TA* a, TB* b, TR* result) => Broadcast.Run<TA, TB, TR, TOp>(_plan, a, b, result);
}
