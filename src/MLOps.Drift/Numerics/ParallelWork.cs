using System.Runtime.ExceptionServices;

namespace MLOps.Drift.Numerics;

/// <summary>Parallel loops that surface the first failure as itself (not wrapped in an AggregateException), so callers see the suite's exceptions.</summary>
internal static class ParallelWork
{
    public static void For(int count, int maxDegreeOfParallelism, Action<int> body)
    {
        if (count <= 1 || maxDegreeOfParallelism == 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, body);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
