using FsCheck;
using FsCheck.Fluent;
using MLOps.Data;

namespace MLOps.Abstractions.Tests.Data;

public sealed class RecordBatchProperties
{
    [Fact]
    public void Builder_by_row_equals_builder_by_column_and_the_model()
    {
        Prop.ForAll(Arb.From(BatchGenerators.Samples()), sample =>
        {
            RecordBatch byRow = BatchGenerators.BuildByRow(sample);
            RecordBatch byColumn = BatchGenerators.BuildByColumn(sample);
            BatchAssert.MatchesSample(sample, byRow);
            BatchAssert.RowsEqual(byRow, 0, byColumn);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Slice_reads_like_the_original_at_the_offset()
    {
        Prop.ForAll(Arb.From(BatchGenerators.SamplesWithRange()), t =>
        {
            RecordBatch batch = BatchGenerators.BuildByRow(t.Sample);
            RecordBatch slice = batch.Slice(t.Offset, t.Length);
            Assert.Equal(t.Length, slice.RowCount);
            BatchAssert.RowsEqual(batch, t.Offset, slice);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Slice_of_a_slice_reads_like_the_original_at_the_summed_offset()
    {
        var gen =
            from t in BatchGenerators.SamplesWithRange()
            from inner in Gen.Choose(0, t.Length)
            from length in Gen.Choose(0, t.Length - inner)
            select (t.Sample, t.Offset, t.Length, Inner: inner, InnerLength: length);
        Prop.ForAll(Arb.From(gen), t =>
        {
            RecordBatch batch = BatchGenerators.BuildByRow(t.Sample);
            RecordBatch slice = batch.Slice(t.Offset, t.Length).Slice(t.Inner, t.InnerLength);
            BatchAssert.RowsEqual(batch, t.Offset + t.Inner, slice);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Slice_shares_the_value_buffers()
    {
        Prop.ForAll(Arb.From(BatchGenerators.SamplesWithRange().Where(t => t.Length > 0)), t =>
        {
            RecordBatch batch = BatchGenerators.BuildByRow(t.Sample);
            RecordBatch slice = batch.Slice(t.Offset, t.Length);
            for (int c = 0; c < batch.ColumnCount; c++)
            {
                switch (batch.Column(c))
                {
                    case PrimitiveColumn<long> longs:
                        AssertShared(longs.Values, ((PrimitiveColumn<long>)slice.Column(c)).Values, t.Offset);
                        break;
                    case PrimitiveColumn<int> ints:
                        AssertShared(ints.Values, ((PrimitiveColumn<int>)slice.Column(c)).Values, t.Offset);
                        break;
                    case PrimitiveColumn<double> doubles:
                        AssertShared(doubles.Values, ((PrimitiveColumn<double>)slice.Column(c)).Values, t.Offset);
                        break;
                    case PrimitiveColumn<float> floats:
                        AssertShared(floats.Values, ((PrimitiveColumn<float>)slice.Column(c)).Values, t.Offset);
                        break;
                    case StringColumn strings:
                        Assert.True(strings.Data.Equals(((StringColumn)slice.Column(c)).Data));
                        break;
                    case BooleanColumn booleans:
                        var sliced = (BooleanColumn)slice.Column(c);
                        Assert.True(booleans.ValueBits.Span.Overlaps(sliced.ValueBits.Span, out int byteOffset));
                        Assert.Equal(booleans.ValueOffset + t.Offset, (byteOffset * 8) + sliced.ValueOffset);
                        break;
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Concat_of_slices_equals_the_original()
    {
        var gen =
            from sample in BatchGenerators.Samples()
            from cuts in Gen.ArrayOf(Gen.Choose(0, sample.RowCount), 3)
            select (sample, cuts);
        Prop.ForAll(Arb.From(gen), t =>
        {
            RecordBatch batch = BatchGenerators.BuildByRow(t.sample);
            int[] bounds = [0, .. t.cuts.Order(), t.sample.RowCount];
            RecordBatch[] pieces = [.. bounds.Zip(bounds.Skip(1), (from, to) => batch.Slice(from, to - from))];
            RecordBatch joined = RecordBatch.Concat(pieces);
            Assert.Equal(batch.RowCount, joined.RowCount);
            BatchAssert.RowsEqual(batch, 0, joined);
            BatchAssert.MatchesSample(t.sample, joined);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Select_keeps_the_chosen_columns_values_in_the_asked_order()
    {
        var gen =
            from sample in BatchGenerators.Samples(maxRows: 40)
            from names in Gen.Shuffle(sample.Schema.Select(f => f.Name))
            from count in Gen.Choose(0, names.Length)
            select (sample, names: names[..count]);
        Prop.ForAll(Arb.From(gen), t =>
        {
            RecordBatch batch = BatchGenerators.BuildByRow(t.sample);
            RecordBatch selected = batch.Select(t.names);
            Assert.Equal(t.names, selected.Schema.Select(f => f.Name));
            Assert.Equal(batch.RowCount, selected.RowCount);
            for (int i = 0; i < t.names.Length; i++)
            {
                Assert.Same(batch.Column(t.names[i]), selected.Column(i));
                Assert.Equal(batch.Schema[t.names[i]], selected.Schema[i]);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Column_concat_of_a_split_column_equals_the_column()
    {
        var gen =
            from t in BatchGenerators.SamplesWithRange()
            from c in Gen.Choose(0, BatchGenerators.AllTypes.Length - 1)
            select (t.Sample, t.Offset, t.Length, Column: c);
        Prop.ForAll(Arb.From(gen), t =>
        {
            Column column = BatchGenerators.BuildByRow(t.Sample).Column(t.Column);
            Column first = column.Slice(0, t.Offset);
            Column middle = column.Slice(t.Offset, t.Length);
            Column rest = column.Slice(t.Offset + t.Length, column.Length - t.Offset - t.Length);
            Column joined = Column.Concat([first, middle, rest]);
            Assert.Equal(column.Length, joined.Length);
            Assert.Equal(0, joined.ValidityOffset);
            BatchAssert.ColumnEqual(column, 0, joined);
        }).QuickCheckThrowOnFailure();
    }

    private static void AssertShared<T>(ReadOnlySpan<T> original, ReadOnlySpan<T> slice, int offset)
    {
        Assert.True(original.Overlaps(slice, out int elementOffset));
        Assert.Equal(offset, elementOffset);
    }
}
