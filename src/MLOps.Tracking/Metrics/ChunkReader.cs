using System.Data.Common;
using MLOps.Storage.Sql;
using MLOps.Tracking.Schema;

namespace MLOps.Tracking.Metrics;

/// <summary>Reads a series' points from its chunks: only chunks overlapping the step range are fetched, and the result is in step order.</summary>
internal static class ChunkReader
{
    public static async ValueTask<List<MetricPoint>> ReadAsync(TrackingContext context, DbConnection connection, long runSeq, string runId, string key, long fromStep, long toStep, CancellationToken cancellationToken)
    {
        var points = new List<MetricPoint>();
        var where = $"metric '{key}' of run '{runId}'";
        await using (var command = connection.CreateCommand(
            $"SELECT points FROM {context.Tables.Chunks} WHERE run_seq = @seq AND key = @key AND first_step <= @to AND last_step >= @from ORDER BY first_step",
            null,
            ("seq", runSeq),
            ("key", key),
            ("from", fromStep),
            ("to", toStep)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                MetricChunkCodec.Decode((byte[])reader.GetValue(0), fromStep, toStep, points, where);
            }
        }

        // Chunks are each in step order but may overlap (steps logged out of order across flushes):
        // a stable sort by (step, timestamp) is only needed then.
        for (var i = 1; i < points.Count; i++)
        {
            if (Compare(points[i - 1], points[i]) > 0)
            {
                var sorted = points.Select((p, index) => (p, index)).OrderBy(x => x.p.Step).ThenBy(x => x.p.Timestamp).ThenBy(x => x.index).Select(x => x.p).ToList();
                return sorted;
            }
        }

        return points;
    }

    private static int Compare(MetricPoint a, MetricPoint b)
    {
        var byStep = a.Step.CompareTo(b.Step);
        return byStep != 0 ? byStep : a.Timestamp.CompareTo(b.Timestamp);
    }
}
