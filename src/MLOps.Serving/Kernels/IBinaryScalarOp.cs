namespace MLOps.Serving.Kernels;

/// <summary>An element-wise binary operation defined one element at a time; <see cref="ScalarLoop{TA, TB, TR, TOp}"/> lifts it to runs.</summary>
internal interface IBinaryScalarOp<TA, TB, TR>
{
    static abstract TR Apply(TA a, TB b);
}
