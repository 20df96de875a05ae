using MLOps.Data;

namespace MLOps.Abstractions.Tests.Data;

/// <summary>Cell-by-cell comparisons of batches and columns.</summary>
public static class BatchAssert
{
    /// <summary>Asserts <paramref name="actual"/> holds the rows of <paramref name="expected"/> from <paramref name="offset"/> on.</summary>
    public static void RowsEqual(RecordBatch expected, int offset, RecordBatch actual)
    {
        Assert.Equal(expected.Schema, actual.Schema);
        for (int c = 0; c < expected.ColumnCount; c++)
        {
            ColumnEqual(expected.Column(c), offset, actual.Column(c));
        }
    }

    public static void ColumnEqual(Column expected, int offset, Column actual)
    {
        Assert.Equal(expected.Type, actual.Type);
        int nulls = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.Equal(expected.IsNull(offset + i), actual.IsNull(i));
            Assert.Equal(expected.GetValue(offset + i), actual.GetValue(i));
            nulls += actual.IsNull(i) ? 1 : 0;
        }

        Assert.Equal(nulls, actual.NullCount);
    }

    /// <summary>Asserts a batch holds exactly the sample's rows.</summary>
    public static void MatchesSample(BatchSample sample, RecordBatch batch)
    {
        Assert.Equal(sample.Schema, batch.Schema);
        Assert.Equal(sample.RowCount, batch.RowCount);
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            Column column = batch.Column(c);
            Assert.Equal(sample.Rows.Count(r => r[c] is null), column.NullCount);
            for (int r = 0; r < sample.RowCount; r++)
            {
                Assert.Equal(sample.Rows[r][c], column.GetValue(r));
            }
        }
    }
}
