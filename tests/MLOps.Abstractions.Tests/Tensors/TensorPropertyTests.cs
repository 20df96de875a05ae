using FsCheck;
using FsCheck.Fluent;
using MLOps.Tensors;

namespace MLOps.Abstractions.Tests.Tensors;

public sealed class TensorPropertyTests
{
    [Fact]
    public void Create_wraps_the_array_without_copying_and_counts_elements()
    {
        Prop.ForAll(Arb.From(TensorGenerators.ShapedData()), sample =>
        {
            var tensor = Tensor.Create(sample.Data, sample.Dimensions);
            var wraps = sample.Data.Length == 0 || ReferenceEquals(sample.Data, GetArray(tensor));
            return tensor.ElementCount == TensorGenerators.Product(sample.Dimensions)
                && tensor.Rank == sample.Dimensions.Length
                && tensor.Shape.Dimensions.SequenceEqual(sample.Dimensions)
                && tensor.Span.SequenceEqual(sample.Data)
                && wraps;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Indexer_reads_and_writes_the_row_major_offset()
    {
        var gen = TensorGenerators.Dimensions(minSize: 1).SelectMany(
            dimensions => Gen.CollectToArray(dimensions, size => Gen.Choose(0, size - 1)),
            (dimensions, indices) => (dimensions, indices));

        Prop.ForAll(Arb.From(gen), sample =>
        {
            var data = Enumerable.Range(0, TensorGenerators.Product(sample.dimensions)).ToArray();
            var tensor = Tensor.Create(data, sample.dimensions);
            var expected = TensorGenerators.RowMajorOffset(sample.dimensions, sample.indices);

            var read = tensor[sample.indices] == expected && tensor.GetOffset(sample.indices) == expected;
            tensor[sample.indices] = -1;
            return read && data[expected] == -1;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Reshape_to_reversed_dimensions_shares_storage_and_keeps_order()
    {
        Prop.ForAll(Arb.From(TensorGenerators.ShapedData()), sample =>
        {
            var tensor = Tensor.Create(sample.Data, sample.Dimensions);
            var reversed = sample.Dimensions.Reverse().ToArray();
            var reshaped = tensor.Reshape(reversed);
            var shares = reshaped.Memory.Equals(tensor.Memory);
            return reshaped.Shape.Dimensions.SequenceEqual(reversed)
                && reshaped.Span.SequenceEqual(sample.Data)
                && shares;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Concat_of_slices_equals_the_original()
    {
        var gen = TensorGenerators.ShapedData(minRank: 1).SelectMany(
            sample => Gen.ArrayOf(Gen.Choose(0, sample.Dimensions[0])),
            (sample, cuts) => (sample.Dimensions, sample.Data, Cuts: cuts));

        Prop.ForAll(Arb.From(gen), sample =>
        {
            var tensor = Tensor.Create(sample.Data, sample.Dimensions);
            var bounds = sample.Cuts.Append(0).Append(sample.Dimensions[0]).Order().ToArray();
            var slices = new List<Tensor<int>>();
            for (var i = 1; i < bounds.Length; i++)
            {
                slices.Add(tensor.Slice(bounds[i - 1], bounds[i] - bounds[i - 1]));
            }

            var joined = Tensor.Concat(slices);
            return joined.Shape == tensor.Shape && joined.Span.SequenceEqual(tensor.Span);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Slice_rows_match_the_original_rows_and_share_storage()
    {
        var gen = TensorGenerators.ShapedData(minRank: 1).SelectMany(
            sample => Gen.Choose(0, sample.Dimensions[0]).SelectMany(
                start => Gen.Choose(0, sample.Dimensions[0] - start),
                (start, count) => (start, count)),
            (sample, range) => (sample.Dimensions, sample.Data, range.start, range.count));

        Prop.ForAll(Arb.From(gen), sample =>
        {
            var tensor = Tensor.Create(sample.Data, sample.Dimensions);
            var slice = tensor.Slice(sample.start, sample.count);
            var rowLength = sample.Dimensions.Skip(1).Aggregate(1, (product, size) => product * size);
            var expected = sample.Data.AsSpan(sample.start * rowLength, sample.count * rowLength);

            var shapeOk = slice.Shape[0] == sample.count && slice.Shape.Dimensions[1..].SequenceEqual(tensor.Shape.Dimensions[1..]);
            var dataOk = slice.Span.SequenceEqual(expected);
            if (slice.ElementCount > 0)
            {
                slice.Span[0] = int.MinValue;
                dataOk &= sample.Data[sample.start * rowLength] == int.MinValue;
            }

            return shapeOk && dataOk;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Untyped_concat_matches_typed_concat()
    {
        var gen = TensorGenerators.ShapedData(minRank: 1).SelectMany(
            sample => Gen.Choose(1, 3),
            (sample, copies) => (sample.Dimensions, sample.Data, copies));

        Prop.ForAll(Arb.From(gen), sample =>
        {
            var parts = Enumerable.Range(0, sample.copies).Select(_ => Tensor.Create(sample.Data, sample.Dimensions)).ToArray();
            var typed = Tensor.Concat(parts);
            var untyped = Tensor.Concat(parts.Cast<Tensor>().ToArray());
            return untyped is Tensor<int> joined
                && joined.Shape == typed.Shape
                && joined.Shape[0] == sample.Dimensions[0] * sample.copies
                && joined.Span.SequenceEqual(typed.Span);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Bytes_round_trip_through_FromBytes()
    {
        Prop.ForAll(Arb.From(TensorGenerators.ShapedData()), sample =>
        {
            var tensor = Tensor.Create(sample.Data, sample.Dimensions);
            var copy = Tensor.FromBytes(TensorElementType.Int32, tensor.AsBytes(), tensor.Shape);
            return copy is Tensor<int> typed
                && typed.Shape == tensor.Shape
                && typed.Span.SequenceEqual(sample.Data)
                && !typed.Memory.Equals(tensor.Memory);
        }).QuickCheckThrowOnFailure();
    }

    private static int[]? GetArray(Tensor<int> tensor) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<int>(tensor.Memory, out var segment) ? segment.Array : null;
}
